import type {
  AcknowledgeOutcome,
  GuidelineVersion,
  GuidelinesRepository,
  NewAuditEntry,
} from '@rounds/domain';
import type { SqliteAuditLog } from './SqliteAuditLog.ts';
import type { SqliteDatabase } from './openDatabase.ts';

interface GuidelineRow {
  version: number;
  markdown: string;
  enforce: number;
  created_by: string | null;
  created_at: number;
}

/** Guideline versions and acknowledgements; each change is written with its audit entry. */
export class SqliteGuidelinesRepository implements GuidelinesRepository {
  private readonly stmts;
  private readonly publishTx;
  private readonly acknowledgeTx;

  constructor(
    private readonly db: SqliteDatabase,
    audit: SqliteAuditLog,
  ) {
    this.stmts = {
      current: db.prepare<[], GuidelineRow>('SELECT * FROM guidelines ORDER BY version DESC LIMIT 1'),
      insert: db.prepare(
        `INSERT INTO guidelines (version, markdown, enforce, created_by, created_at)
         SELECT @version, @markdown, @enforce, @createdBy, @createdAt
         WHERE @version = (SELECT COALESCE(MAX(version), 0) + 1 FROM guidelines)
         ON CONFLICT DO NOTHING`,
      ),
      acknowledged: db.prepare<[string], { version: number | null }>(
        'SELECT MAX(version) AS version FROM guideline_acknowledgements WHERE user_id = ?',
      ),
      acknowledge: db.prepare<[string, number, number, number]>(
        `INSERT INTO guideline_acknowledgements (user_id, version, at)
         SELECT ?, ?, ? WHERE ? = (SELECT MAX(version) FROM guidelines)
         ON CONFLICT DO NOTHING`,
      ),
      hasAck: db.prepare<[string, number], { one: number }>(
        'SELECT 1 AS one FROM guideline_acknowledgements WHERE user_id = ? AND version = ?',
      ),
    };
    this.publishTx = db.transaction((next: GuidelineVersion, entry: NewAuditEntry | null): boolean => {
      const { changes } = this.stmts.insert.run({ ...next, enforce: next.enforce ? 1 : 0 });
      if (changes === 0) return false;
      if (entry) audit.appendWithin(entry);
      return true;
    });
    this.acknowledgeTx = db.transaction(
      (userId: string, version: number, at: number, entry: NewAuditEntry): AcknowledgeOutcome => {
        if (this.stmts.hasAck.get(userId, version)) return 'already';
        if (this.stmts.acknowledge.run(userId, version, at, version).changes === 0) return 'stale';
        audit.appendWithin(entry);
        return 'acknowledged';
      },
    );
  }

  currentGuidelines(): Promise<GuidelineVersion | null> {
    const row = this.stmts.current.get();
    return Promise.resolve(
      row
        ? {
            version: row.version,
            markdown: row.markdown,
            enforce: row.enforce === 1,
            createdBy: row.created_by,
            createdAt: row.created_at,
          }
        : null,
    );
  }

  publishGuidelines(next: GuidelineVersion, audit: NewAuditEntry | null): Promise<boolean> {
    return Promise.resolve(this.publishTx.immediate(next, audit));
  }

  acknowledgedVersion(userId: string): Promise<number | null> {
    return Promise.resolve(this.stmts.acknowledged.get(userId)?.version ?? null);
  }

  acknowledge(
    userId: string,
    version: number,
    at: number,
    audit: NewAuditEntry,
  ): Promise<AcknowledgeOutcome> {
    return Promise.resolve(this.acknowledgeTx.immediate(userId, version, at, audit));
  }

  whoAcknowledged(userIds: readonly string[], version: number): Promise<Set<string>> {
    const found = new Set<string>();
    // Bounded batches: SQLite caps bound parameters per statement.
    for (let i = 0; i < userIds.length; i += 500) {
      const batch = userIds.slice(i, i + 500);
      const rows = this.db
        .prepare<unknown[], { user_id: string }>(
          `SELECT user_id FROM guideline_acknowledgements WHERE version = ? AND user_id IN (${batch.map(() => '?').join(',')})`,
        )
        .all(version, ...batch);
      for (const r of rows) found.add(r.user_id);
    }
    return Promise.resolve(found);
  }
}
