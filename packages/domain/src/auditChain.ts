import { createHash } from 'node:crypto';
import type { AuditEntry } from './model.ts';

/** The `prevHash` of the first entry. */
export const AUDIT_GENESIS = '0'.repeat(64);

/**
 * How new entries are hashed. 1: SHA-256 of `JSON.stringify([seq, at, actor, action, target, data,
 * prevHash])`, which depends on the key order of `data` as stored (entries written before the
 * domain owned the hash). 2: SHA-256 of the canonical JSON of the whole entry (keys sorted at every
 * level), so a store that reorders keys (PostgreSQL `jsonb`) cannot break verification.
 */
export const AUDIT_HASH_VERSION = 2;
export type AuditHashVersion = 1 | 2;

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level, no whitespace. Values that
 * JSON cannot hold are dropped or nulled exactly as `JSON.stringify` does, so the canonical form of
 * what is stored equals the canonical form of what was hashed. Linear in the size of the value.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((v: unknown) => (isDropped(v) ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (isDropped(v)) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

const isDropped = (v: unknown): boolean =>
  v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** The hashed fields of an entry: everything but its own hash. */
export type UnhashedAuditEntry = Omit<AuditEntry, 'hash'>;

/** The hash of an entry covers its fields and the previous entry's hash, so edits break the chain. */
export function auditHash(e: UnhashedAuditEntry): string {
  const input =
    e.hashVersion === 1
      ? JSON.stringify([e.seq, e.at, e.actor, e.action, e.target, e.data, e.prevHash])
      : canonicalJson({
          v: e.hashVersion,
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          action: e.action,
          target: e.target,
          data: e.data,
          prevHash: e.prevHash,
        });
  return createHash('sha256').update(input).digest('hex');
}

/** The next entry of the chain after `last` (null: the log is empty), hashed in the current format. */
export function chainAuditEntry(
  last: { seq: number; hash: string } | null,
  entry: Omit<AuditEntry, 'seq' | 'hash' | 'prevHash' | 'hashVersion'>,
): AuditEntry {
  const unhashed: UnhashedAuditEntry = {
    ...entry,
    seq: (last?.seq ?? 0) + 1,
    prevHash: last?.hash ?? AUDIT_GENESIS,
    hashVersion: AUDIT_HASH_VERSION,
  };
  return { ...unhashed, hash: auditHash(unhashed) };
}

/**
 * What the next entry chains onto: the stored head when there is one (what the log last wrote,
 * even if rows were deleted or added behind its back since, so the damage stays visible after
 * later appends), at a seq past every row (so the append never collides); else the last row.
 */
export function chainAnchor(
  last: { seq: number; hash: string } | null,
  head: { seq: number; hash: string } | null,
): { seq: number; hash: string } | null {
  if (!head) return last;
  return { seq: Math.max(head.seq, last?.seq ?? 0), hash: head.hash };
}

export type AuditVerification =
  { ok: true; checked: number } | { ok: false; checked: number; firstBadSeq: number };

/** The last entry the log says it appended (kept outside the entries, written with each append). */
export interface AuditHead {
  seq: number;
  hash: string;
}

export interface VerifyOptions {
  pageSize?: number;
  /**
   * The stored head, read after the walk (null: none recorded yet, e.g. a log last written before
   * heads existed). Without it a truncated tail cannot be told from a short log.
   */
  head?: () => Promise<AuditHead | null>;
  /** Awaited between pages (e.g. `setImmediate`), so a long walk never holds the event loop. */
  pause?: () => Promise<void>;
}

/**
 * Walks the whole log in pages and checks every link. An entry is bad when its `prevHash` is not
 * the previous entry's hash, its hash does not match its fields, or it claims the legacy format
 * after an entry in the current one (old entries keep their format; new ones never go back).
 * With a head: the walk must end exactly at it. Entries missing at the end (a truncated tail)
 * name the first missing seq; entries past the head (written around the log) name the first of
 * them; a last entry that is not the head's names the head's seq.
 */
export async function verifyAuditChain(
  page: (afterSeq: number, limit: number) => Promise<AuditEntry[]>,
  options: VerifyOptions | number = {},
): Promise<AuditVerification> {
  const { pageSize = 1000, head, pause } = typeof options === 'number' ? { pageSize: options } : options;
  let checked = 0;
  let prev = AUDIT_GENESIS;
  let lastSeq = 0;
  let newestVersion = 1;
  const bad = (firstBadSeq: number): AuditVerification => ({ ok: false, checked, firstBadSeq });
  for (let after = 0; ;) {
    if (pause && checked > 0) await pause();
    const entries = await page(after, pageSize);
    for (const e of entries) {
      const downgraded = e.hashVersion < newestVersion;
      if (downgraded || e.prevHash !== prev || auditHash(e) !== e.hash) return bad(e.seq);
      newestVersion = e.hashVersion;
      prev = e.hash;
      lastSeq = e.seq;
      checked++;
    }
    after = entries.at(-1)?.seq ?? after;
    if (entries.length === pageSize) continue;
    const h = head ? await head() : null;
    // Appended while the last page was read: walk on to it.
    if (h && h.seq > lastSeq && (await page(lastSeq, 1)).length > 0) continue;
    if (!h) return { ok: true, checked };
    if (lastSeq < h.seq) return bad(lastSeq + 1);
    if (lastSeq > h.seq) return bad(h.seq + 1);
    return prev === h.hash ? { ok: true, checked } : bad(h.seq);
  }
}
