import type { Review, Revision, RevisionRepository, RevisionState, RevisionSummary } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

interface RevisionRow {
  id: string;
  page_id: string;
  seq: number;
  created_at: number;
  created_by: string;
  message: string;
  content_hash: string;
  doc: string;
  text: string;
  blocks: string;
  authors: string;
  state: RevisionState;
  yjs_state: Uint8Array;
  up_to_update_seq: number;
}

interface ReviewRow {
  id: string;
  revision_id: string;
  reviewer_id: string;
  decision: Review['decision'];
  comment: string;
  content_hash: string;
  created_at: number;
}

const toRevision = (r: RevisionRow): Revision => ({
  id: r.id,
  pageId: r.page_id,
  seq: r.seq,
  createdAt: r.created_at,
  createdBy: r.created_by,
  message: r.message,
  contentHash: r.content_hash,
  doc: JSON.parse(r.doc) as unknown,
  text: r.text,
  blocks: JSON.parse(r.blocks) as Revision['blocks'],
  authors: JSON.parse(r.authors) as string[],
  state: r.state,
  yjsState: r.yjs_state,
  upToUpdateSeq: r.up_to_update_seq,
});

const toReview = (r: ReviewRow): Review => ({
  id: r.id,
  revisionId: r.revision_id,
  reviewerId: r.reviewer_id,
  decision: r.decision,
  comment: r.comment,
  contentHash: r.content_hash,
  createdAt: r.created_at,
});

export class SqliteRevisionRepository implements RevisionRepository {
  private readonly stmts;
  private readonly insert;
  private readonly publish;

  constructor(private readonly db: SqliteDatabase) {
    this.stmts = {
      nextSeq: db.prepare<[string], { n: number }>(
        'SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM revisions WHERE page_id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO revisions (id, page_id, seq, created_at, created_by, message, content_hash, doc, text, blocks, authors, state, yjs_state, up_to_update_seq)
         VALUES (@id, @pageId, @seq, @createdAt, @createdBy, @message, @contentHash, @doc, @text, @blocks, @authors, @state, @yjsState, @upToUpdateSeq)`,
      ),
      find: db.prepare<[string], RevisionRow>('SELECT * FROM revisions WHERE id = ?'),
      ofPage: db.prepare<[string], RevisionRow>(
        'SELECT * FROM revisions WHERE page_id = ? ORDER BY seq DESC',
      ),
      summariesOfPage: db.prepare<[string], Omit<RevisionRow, 'doc' | 'text' | 'blocks' | 'yjs_state'>>(
        `SELECT id, page_id, seq, created_at, created_by, message, content_hash, authors, state, up_to_update_seq
         FROM revisions WHERE page_id = ? ORDER BY seq DESC`,
      ),
      setState: db.prepare('UPDATE revisions SET state = ? WHERE id = ?'),
      pendingPages: db.prepare<[], { page_id: string }>(
        "SELECT DISTINCT page_id FROM revisions WHERE state = 'pending'",
      ),
      insertReview: db.prepare(
        `INSERT INTO reviews (id, revision_id, reviewer_id, decision, comment, content_hash, created_at)
         VALUES (@id, @revisionId, @reviewerId, @decision, @comment, @contentHash, @createdAt)
         ON CONFLICT (revision_id, reviewer_id) DO NOTHING`,
      ),
      approve: db.prepare("UPDATE revisions SET state = 'approved' WHERE id = ?"),
      supersede: db.prepare(
        `UPDATE revisions SET state = 'superseded'
         WHERE page_id = ? AND seq < ? AND state IN ('pending', 'changes_requested')`,
      ),
      setPublished: db.prepare('UPDATE pages SET published_revision_id = ?, published_at = ? WHERE id = ?'),
    };
    this.insert = db.transaction((revision: Omit<Revision, 'seq'>): number => {
      const seq = this.stmts.nextSeq.get(revision.pageId)?.n ?? 1;
      this.stmts.insert.run({
        ...revision,
        seq,
        doc: JSON.stringify(revision.doc),
        blocks: JSON.stringify(revision.blocks),
        authors: JSON.stringify(revision.authors),
      });
      return seq;
    });
    this.publish = db.transaction((pageId: string, revisionId: string, at: number) => {
      const revision = this.stmts.find.get(revisionId);
      if (!revision || revision.page_id !== pageId) throw new Error('revision does not belong to page');
      this.stmts.approve.run(revisionId);
      this.stmts.supersede.run(pageId, revision.seq);
      this.stmts.setPublished.run(revisionId, at, pageId);
    });
  }

  insertRevision(revision: Omit<Revision, 'seq'>): Promise<number> {
    return Promise.resolve(this.insert.immediate(revision));
  }

  findRevision(id: string): Promise<Revision | null> {
    const row = this.stmts.find.get(id);
    return Promise.resolve(row ? toRevision(row) : null);
  }

  listRevisions(pageId: string): Promise<Revision[]> {
    return Promise.resolve(this.stmts.ofPage.all(pageId).map(toRevision));
  }

  listRevisionSummaries(pageId: string): Promise<RevisionSummary[]> {
    return Promise.resolve(
      this.stmts.summariesOfPage.all(pageId).map((r) => ({
        id: r.id,
        pageId: r.page_id,
        seq: r.seq,
        createdAt: r.created_at,
        createdBy: r.created_by,
        message: r.message,
        contentHash: r.content_hash,
        authors: JSON.parse(r.authors) as string[],
        state: r.state,
        upToUpdateSeq: r.up_to_update_seq,
      })),
    );
  }

  listRevisionsInState(states: RevisionState[]): Promise<Revision[]> {
    if (states.length === 0) return Promise.resolve([]);
    const rows = this.db
      .prepare<string[], RevisionRow>(
        `SELECT * FROM revisions WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY created_at, seq`,
      )
      .all(...states);
    return Promise.resolve(rows.map(toRevision));
  }

  setRevisionState(id: string, state: RevisionState): Promise<void> {
    this.stmts.setState.run(state, id);
    return Promise.resolve();
  }

  pendingPageIds(): Promise<string[]> {
    return Promise.resolve(this.stmts.pendingPages.all().map((r) => r.page_id));
  }

  insertReview(review: Review): Promise<boolean> {
    return Promise.resolve(this.stmts.insertReview.run(review).changes === 1);
  }

  listReviews(revisionIds: string[]): Promise<Review[]> {
    if (revisionIds.length === 0) return Promise.resolve([]);
    const rows = this.db
      .prepare<string[], ReviewRow>(
        `SELECT * FROM reviews WHERE revision_id IN (${revisionIds.map(() => '?').join(', ')}) ORDER BY created_at`,
      )
      .all(...revisionIds);
    return Promise.resolve(rows.map(toReview));
  }

  publishRevision(pageId: string, revisionId: string, at: number): Promise<void> {
    this.publish.immediate(pageId, revisionId, at);
    return Promise.resolve();
  }
}
