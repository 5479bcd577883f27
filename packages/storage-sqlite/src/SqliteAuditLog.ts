import { createHash } from 'node:crypto';
import type { AuditEntry, AuditLog } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

interface AuditRow {
  seq: number;
  at: number;
  actor: string | null;
  action: string;
  target: string;
  data: string;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/** The hash of an entry covers its fields and the previous entry's hash, so edits break the chain. */
export function auditHash(e: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([e.seq, e.at, e.actor, e.action, e.target, e.data, e.prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

const toEntry = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  target: r.target,
  data: JSON.parse(r.data) as Record<string, unknown>,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export class SqliteAuditLog implements AuditLog {
  private readonly stmts;
  private readonly appendTx;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      last: db.prepare<[], { seq: number; hash: string }>(
        'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
      ),
      insert: db.prepare(
        'INSERT INTO audit_log (seq, at, actor, action, target, data, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @target, @data, @prevHash, @hash)',
      ),
      page: db.prepare<[number, number], AuditRow>(
        'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
    };
    this.appendTx = db.transaction((entry: Omit<AuditEntry, 'seq' | 'hash' | 'prevHash'>): AuditEntry => {
      const last = this.stmts.last.get();
      const unhashed = { ...entry, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? GENESIS };
      const full: AuditEntry = { ...unhashed, hash: auditHash(unhashed) };
      this.stmts.insert.run({ ...full, data: JSON.stringify(full.data) });
      return full;
    });
  }

  append(entry: Omit<AuditEntry, 'seq' | 'hash' | 'prevHash'>): Promise<AuditEntry> {
    return Promise.resolve(this.appendTx.immediate(entry));
  }

  list(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return Promise.resolve(this.stmts.page.all(afterSeq, limit).map(toEntry));
  }
}
