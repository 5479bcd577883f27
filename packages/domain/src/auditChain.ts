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

export type AuditVerification =
  { ok: true; checked: number } | { ok: false; checked: number; firstBadSeq: number };

/**
 * Walks the whole log in pages and checks every link. An entry is bad when its `prevHash` is not
 * the previous entry's hash, its hash does not match its fields, or it claims the legacy format
 * after an entry in the current one (old entries keep their format; new ones never go back).
 */
export async function verifyAuditChain(
  page: (afterSeq: number, limit: number) => Promise<AuditEntry[]>,
  pageSize = 1000,
): Promise<AuditVerification> {
  let checked = 0;
  let prev = AUDIT_GENESIS;
  let newestVersion = 1;
  for (let after = 0; ;) {
    const entries = await page(after, pageSize);
    for (const e of entries) {
      const downgraded = e.hashVersion < newestVersion;
      if (downgraded || e.prevHash !== prev || auditHash(e) !== e.hash) {
        return { ok: false, checked, firstBadSeq: e.seq };
      }
      newestVersion = e.hashVersion;
      prev = e.hash;
      checked++;
    }
    if (entries.length < pageSize) return { ok: true, checked };
    after = entries.at(-1)?.seq ?? after;
  }
}
