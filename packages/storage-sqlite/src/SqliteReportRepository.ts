import type {
  CommentTarget,
  NewAuditEntry,
  Report,
  ReportFilter,
  ReportListing,
  ReportRepository,
  ReportResolution,
} from '@rounds/domain';
import type { SqliteAuditLog } from './SqliteAuditLog.ts';
import type { SqliteDatabase } from './openDatabase.ts';

/** Characters of a reported comment the queue shows. */
const EXCERPT_CHARS = 300;

interface ReportRow {
  id: string;
  target_type: Report['targetType'];
  page_id: string;
  comment_id: string | null;
  block_id: string | null;
  quote: string | null;
  reason: Report['reason'];
  note: string;
  reporter_id: string;
  created_at: number;
  state: Report['state'];
  action: ReportResolution['action'] | null;
  resolution_reason: string | null;
  resolved_by: string | null;
  resolved_at: number | null;
}

interface ListingRow extends ReportRow {
  page_title: string;
  reporter_name: string | null;
  resolver_name: string | null;
  comment_excerpt: string | null;
  comment_hidden: number;
}

const toReport = (r: ReportRow): Report => ({
  id: r.id,
  targetType: r.target_type,
  pageId: r.page_id,
  commentId: r.comment_id,
  blockId: r.block_id,
  quote: r.quote,
  reason: r.reason,
  note: r.note,
  reporterId: r.reporter_id,
  createdAt: r.created_at,
  state: r.state,
  resolution:
    r.action === null
      ? null
      : {
          action: r.action,
          reason: r.resolution_reason ?? '',
          by: r.resolved_by ?? '',
          at: r.resolved_at ?? 0,
        },
});

const LISTING = `
  SELECT r.*, p.title AS page_title, u.name AS reporter_name, v.name AS resolver_name,
         substr(c.body, 1, ${EXCERPT_CHARS}) AS comment_excerpt,
         (c.hidden_at IS NOT NULL) AS comment_hidden
  FROM reports r
  JOIN pages p ON p.id = r.page_id
  LEFT JOIN users u ON u.id = r.reporter_id
  LEFT JOIN users v ON v.id = r.resolved_by
  LEFT JOIN thread_comments c ON c.id = r.comment_id`;

export class SqliteReportRepository implements ReportRepository {
  private readonly stmts;
  private readonly insertTx;
  private readonly resolveTx;

  constructor(db: SqliteDatabase, audit: SqliteAuditLog) {
    this.stmts = {
      commentTarget: db.prepare<[string], { comment_id: string; thread_id: string; page_id: string }>(
        `SELECT c.id AS comment_id, t.id AS thread_id, t.page_id AS page_id
         FROM thread_comments c JOIN threads t ON t.id = c.thread_id WHERE c.id = ?`,
      ),
      insert: db.prepare(
        `INSERT INTO reports (id, target_type, page_id, comment_id, block_id, quote, reason, note, reporter_id, created_at, state)
         VALUES (@id, @targetType, @pageId, @commentId, @blockId, @quote, @reason, @note, @reporterId, @createdAt, 'open')`,
      ),
      find: db.prepare<[string], ReportRow>('SELECT * FROM reports WHERE id = ?'),
      resolve: db.prepare<[string, string, string, number, string]>(
        `UPDATE reports SET state = 'resolved', action = ?, resolution_reason = ?, resolved_by = ?, resolved_at = ?
         WHERE id = ? AND state = 'open'`,
      ),
      hide: db.prepare<[number, string, string, string]>(
        'UPDATE thread_comments SET hidden_at = ?, hidden_by = ?, hidden_reason = ? WHERE id = ? AND hidden_at IS NULL',
      ),
      all: db.prepare<[number], ListingRow>(`${LISTING} ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`),
      byState: db.prepare<[string, number], ListingRow>(
        `${LISTING} WHERE r.state = ? ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`,
      ),
      byReporter: db.prepare<[string, number], ListingRow>(
        `${LISTING} WHERE r.reporter_id = ? ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`,
      ),
      countOpen: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM reports WHERE state = 'open'"),
    };
    this.insertTx = db.transaction((report: Report, entry: NewAuditEntry) => {
      this.stmts.insert.run(report);
      audit.appendWithin(entry);
    });
    this.resolveTx = db.transaction(
      (id: string, res: ReportResolution, hide: { commentId: string } | null, entries: NewAuditEntry[]) => {
        if (this.stmts.resolve.run(res.action, res.reason, res.by, res.at, id).changes === 0) return false;
        if (hide) this.stmts.hide.run(res.at, res.by, res.reason, hide.commentId);
        for (const entry of entries) audit.appendWithin(entry);
        return true;
      },
    );
  }

  findCommentTarget(commentId: string): Promise<CommentTarget | null> {
    const row = this.stmts.commentTarget.get(commentId);
    return Promise.resolve(
      row ? { commentId: row.comment_id, threadId: row.thread_id, pageId: row.page_id } : null,
    );
  }

  insertReport(report: Report, audit: NewAuditEntry): Promise<void> {
    this.insertTx.immediate(report, audit);
    return Promise.resolve();
  }

  findReport(id: string): Promise<Report | null> {
    const row = this.stmts.find.get(id);
    return Promise.resolve(row ? toReport(row) : null);
  }

  resolveReport(
    id: string,
    resolution: ReportResolution,
    hide: { commentId: string } | null,
    audit: NewAuditEntry[],
  ): Promise<boolean> {
    return Promise.resolve(this.resolveTx.immediate(id, resolution, hide, audit));
  }

  listReports(filter: ReportFilter, limit: number): Promise<ReportListing[]> {
    const rows =
      filter.reporterId !== undefined
        ? this.stmts.byReporter.all(filter.reporterId, limit)
        : filter.state !== undefined
          ? this.stmts.byState.all(filter.state, limit)
          : this.stmts.all.all(limit);
    return Promise.resolve(
      rows.map((r) => ({
        ...toReport(r),
        pageTitle: r.page_title,
        reporterName: r.reporter_name ?? 'Former user',
        resolverName: r.resolver_name,
        commentExcerpt: r.comment_excerpt,
        commentHidden: r.comment_hidden === 1,
      })),
    );
  }

  countOpenReports(): Promise<number> {
    return Promise.resolve(this.stmts.countOpen.get()?.n ?? 0);
  }
}
