import { chainAuditEntry, type AuditEntry, type AuditLog, type NewAuditEntry } from '@rounds/domain';
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
  hash_version: number;
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
  // Passed on as stored: an unknown (tampered) version fails the domain's verification.
  hashVersion: r.hash_version as AuditEntry['hashVersion'],
});

/** The hash chain (format and verification) is the domain's; this adapter only stores it. */
export class SqliteAuditLog implements AuditLog {
  private readonly stmts;
  private readonly appendTx;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      last: db.prepare<[], { seq: number; hash: string }>(
        'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
      ),
      insert: db.prepare(
        `INSERT INTO audit_log (seq, at, actor, action, target, data, prev_hash, hash, hash_version)
         VALUES (@seq, @at, @actor, @action, @target, @data, @prevHash, @hash, @hashVersion)`,
      ),
      page: db.prepare<[number, number], AuditRow>(
        'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
    };
    this.appendTx = db.transaction((entry: NewAuditEntry): AuditEntry => {
      const full = chainAuditEntry(this.stmts.last.get() ?? null, entry);
      this.stmts.insert.run({ ...full, data: JSON.stringify(full.data) });
      return full;
    });
  }

  append(entry: NewAuditEntry): Promise<AuditEntry> {
    return Promise.resolve(this.appendTx.immediate(entry));
  }

  /**
   * Appends inside the caller's transaction (a savepoint of it), for units of work that write an
   * audit entry together with the change it records.
   */
  appendWithin(entry: NewAuditEntry): AuditEntry {
    return this.appendTx(entry);
  }

  list(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return Promise.resolve(this.stmts.page.all(afterSeq, limit).map(toEntry));
  }
}
