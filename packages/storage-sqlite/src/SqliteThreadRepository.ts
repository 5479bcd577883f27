import type { CommentThread, ThreadComment, ThreadRepository } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

interface ThreadRow {
  id: string;
  page_id: string;
  anchor_start: string;
  anchor_end: string;
  quote: string;
  status: 'open' | 'resolved';
  created_by: string;
  created_at: number;
  resolved_by: string | null;
  resolved_at: number | null;
}

interface CommentRow {
  id: string;
  thread_id: string;
  author_id: string;
  body: string;
  created_at: number;
  hidden_at: number | null;
  hidden_by: string | null;
  hidden_reason: string | null;
}

const toComment = (r: CommentRow): ThreadComment => ({
  id: r.id,
  threadId: r.thread_id,
  authorId: r.author_id,
  body: r.body,
  createdAt: r.created_at,
  hidden:
    r.hidden_at === null ? null : { by: r.hidden_by ?? '', at: r.hidden_at, reason: r.hidden_reason ?? '' },
});

export class SqliteThreadRepository implements ThreadRepository {
  private readonly stmts;
  private readonly insertTx;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      insertThread: db.prepare(
        `INSERT INTO threads (id, page_id, anchor_start, anchor_end, quote, status, created_by, created_at, resolved_by, resolved_at)
         VALUES (@id, @pageId, @anchorStart, @anchorEnd, @quote, @status, @createdBy, @createdAt, @resolvedBy, @resolvedAt)`,
      ),
      insertComment: db.prepare(
        'INSERT INTO thread_comments (id, thread_id, author_id, body, created_at) VALUES (@id, @threadId, @authorId, @body, @createdAt)',
      ),
      find: db.prepare<[string], ThreadRow>('SELECT * FROM threads WHERE id = ?'),
      ofPage: db.prepare<[string], ThreadRow>('SELECT * FROM threads WHERE page_id = ? ORDER BY created_at'),
      commentsOf: db.prepare<[string], CommentRow>(
        'SELECT * FROM thread_comments WHERE thread_id = ? ORDER BY created_at, rowid',
      ),
      commentsOfPage: db.prepare<[string], CommentRow>(
        `SELECT c.* FROM thread_comments c JOIN threads t ON t.id = c.thread_id WHERE t.page_id = ? ORDER BY c.created_at, c.rowid`,
      ),
      setStatus: db.prepare('UPDATE threads SET status = ?, resolved_by = ?, resolved_at = ? WHERE id = ?'),
    };
    this.insertTx = db.transaction((thread: CommentThread) => {
      this.stmts.insertThread.run(thread);
      for (const c of thread.comments) this.stmts.insertComment.run(c);
    });
  }

  insertThread(thread: CommentThread): Promise<void> {
    this.insertTx.immediate(thread);
    return Promise.resolve();
  }

  findThread(id: string): Promise<CommentThread | null> {
    const row = this.stmts.find.get(id);
    return Promise.resolve(row ? this.toThread(row, this.stmts.commentsOf.all(id).map(toComment)) : null);
  }

  listThreads(pageId: string): Promise<CommentThread[]> {
    const comments = this.stmts.commentsOfPage.all(pageId).map(toComment);
    return Promise.resolve(
      this.stmts.ofPage.all(pageId).map((row) =>
        this.toThread(
          row,
          comments.filter((c) => c.threadId === row.id),
        ),
      ),
    );
  }

  insertComment(comment: ThreadComment): Promise<void> {
    this.stmts.insertComment.run(comment);
    return Promise.resolve();
  }

  setThreadStatus(
    id: string,
    status: 'open' | 'resolved',
    by: string | null,
    at: number | null,
  ): Promise<void> {
    this.stmts.setStatus.run(status, by, at, id);
    return Promise.resolve();
  }

  private toThread(r: ThreadRow, comments: ThreadComment[]): CommentThread {
    return {
      id: r.id,
      pageId: r.page_id,
      anchorStart: r.anchor_start,
      anchorEnd: r.anchor_end,
      quote: r.quote,
      status: r.status,
      createdBy: r.created_by,
      createdAt: r.created_at,
      resolvedBy: r.resolved_by,
      resolvedAt: r.resolved_at,
      comments,
    };
  }
}
