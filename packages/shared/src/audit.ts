/** One entry of `GET /api/audit`. `data` holds ids, kinds, reasons and addresses; never content. */
export interface AuditEntryView {
  seq: number;
  /** ISO time. */
  at: string;
  /** The user who acted; null for the system or an anonymous attempt (a failed sign-in). */
  actor: string | null;
  actorName: string | null;
  /** `noun.verb`, e.g. `auth.signed_in`. */
  action: string;
  /** What it was done to, e.g. `user:<id>`, `page:<id>`; empty when nothing is named. */
  target: string;
  data: Record<string, unknown>;
  hash: string;
  prevHash: string;
  hashVersion: number;
}

/** `GET /api/audit`: a page of entries and the `before`/`after` of the next one (null: no more). */
export interface AuditListView {
  entries: AuditEntryView[];
  next: number | null;
}

/** `GET /api/audit/verify`. */
export type AuditVerifyView =
  { ok: true; checked: number } | { ok: false; checked: number; firstBadSeq: number };
