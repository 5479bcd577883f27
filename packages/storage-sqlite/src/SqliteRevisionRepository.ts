import type {
  NewAuditEntry,
  QueueCandidate,
  RevisionDigest,
  RecordReviewCommand,
  RecordReviewResult,
  Review,
  Revision,
  RevisionExtras,
  RevisionRepository,
  RevisionRestore,
  RevisionState,
  RevisionSummary,
} from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';
import type { SqliteAuditLog } from './SqliteAuditLog.ts';

interface RevisionRow {
  id: string;
  page_id: string;
  seq: number;
  created_at: number;
  created_by: string;
  message: string;
  title: string;
  content_hash: string;
  doc: string;
  text: string;
  blocks: string;
  authors: string;
  state: RevisionState;
  yjs_state: Uint8Array;
  up_to_update_seq: number;
  /** From revision_purges: when a purge rewrote this revision's content (null: never). */
  purged_at: number | null;
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

/**
 * Parsed content (doc, blocks) of recently read revisions, by id. A revision's content never
 * changes once stored, and parsing a big one costs hundreds of milliseconds on the event loop
 * (a 15 MB doc: ~150 ms). Least recently used first out, bounded in stored characters. The
 * parsed values are shared by every reader: never mutate them.
 */
class ParsedRevisionCache {
  private readonly entries = new Map<string, { doc: unknown; blocks: Revision['blocks']; chars: number }>();
  private chars = 0;

  constructor(
    private readonly maxEntries = 32,
    private readonly maxChars = 32_000_000,
  ) {}

  parse(r: RevisionRow): { doc: unknown; blocks: Revision['blocks'] } {
    // A purge rewrites a revision's content: its time is part of the key, so the old parse is
    // never served again (and ages out).
    const key = `${r.id}@${r.purged_at ?? 0}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const entry = {
      doc: JSON.parse(r.doc) as unknown,
      blocks: JSON.parse(r.blocks) as Revision['blocks'],
      chars: r.doc.length + r.blocks.length,
    };
    if (entry.chars > this.maxChars) return entry;
    this.entries.set(key, entry);
    this.chars += entry.chars;
    for (const [id, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.entries.delete(id);
      this.chars -= e.chars;
    }
    return entry;
  }
}

const toRevision = (r: RevisionRow, parsed: ParsedRevisionCache): Revision => ({
  id: r.id,
  pageId: r.page_id,
  seq: r.seq,
  createdAt: r.created_at,
  createdBy: r.created_by,
  message: r.message,
  title: r.title,
  contentHash: r.content_hash,
  ...parsedContent(parsed.parse(r)),
  text: r.text,
  authors: JSON.parse(r.authors) as string[],
  state: r.state,
  yjsState: r.yjs_state,
  upToUpdateSeq: r.up_to_update_seq,
  purgedAt: r.purged_at,
});

const parsedContent = (p: { doc: unknown; blocks: Revision['blocks'] }) => ({ doc: p.doc, blocks: p.blocks });

type SummaryRow = Omit<RevisionRow, 'doc' | 'text' | 'blocks' | 'yjs_state' | 'purged_at'> & {
  purged_at?: number | null;
};

const toSummary = (r: SummaryRow): RevisionSummary => ({
  id: r.id,
  pageId: r.page_id,
  seq: r.seq,
  createdAt: r.created_at,
  createdBy: r.created_by,
  message: r.message,
  title: r.title,
  contentHash: r.content_hash,
  authors: JSON.parse(r.authors) as string[],
  state: r.state,
  upToUpdateSeq: r.up_to_update_seq,
  purgedAt: r.purged_at ?? null,
});

type CandidateRow = SummaryRow & { published_revision_id: string | null; published_title: string | null };

/** A compare-and-set that found the revision moved: rolls the unit of work back. */
class LostRace extends Error {}

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
  private readonly decide;
  private readonly restore;
  private readonly parsed = new ParsedRevisionCache();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: SqliteAuditLog,
  ) {
    this.stmts = {
      nextSeq: db.prepare<[string], { n: number }>(
        'SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM revisions WHERE page_id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO revisions (id, page_id, seq, created_at, created_by, message, title, content_hash, doc, text, blocks, authors, state, yjs_state, up_to_update_seq)
         VALUES (@id, @pageId, @seq, @createdAt, @createdBy, @message, @title, @contentHash, @doc, @text, @blocks, @authors, @state, @yjsState, @upToUpdateSeq)`,
      ),
      find: db.prepare<[string], RevisionRow>(
        `SELECT r.*, rp.purged_at FROM revisions r LEFT JOIN revision_purges rp ON rp.revision_id = r.id
         WHERE r.id = ?`,
      ),
      ofPage: db.prepare<[string], RevisionRow>(
        `SELECT r.*, rp.purged_at FROM revisions r LEFT JOIN revision_purges rp ON rp.revision_id = r.id
         WHERE r.page_id = ? ORDER BY r.seq DESC`,
      ),
      summariesOfPage: db.prepare<[string], SummaryRow>(
        `SELECT r.id, r.page_id, r.seq, r.created_at, r.created_by, r.message, r.title, r.content_hash, r.authors,
                r.state, r.up_to_update_seq, rp.purged_at
         FROM revisions r LEFT JOIN revision_purges rp ON rp.revision_id = r.id
         WHERE r.page_id = ? ORDER BY r.seq DESC`,
      ),
      pageArchived: db.prepare<[string], { archived_at: number | null }>(
        'SELECT archived_at FROM pages WHERE id = ?',
      ),
      queueCandidates: db.prepare<[string], CandidateRow>(
        `SELECT r.id, r.page_id, r.seq, r.created_at, r.created_by, r.message, r.title, r.content_hash, r.authors,
                r.state, r.up_to_update_seq, p.published_revision_id, pub.title AS published_title
         FROM revisions r INDEXED BY revisions_summaries
         JOIN pages p ON p.id = r.page_id AND p.archived_at IS NULL
         LEFT JOIN revisions pub INDEXED BY revisions_heads ON pub.id = p.published_revision_id
         WHERE r.state = 'pending'
           AND r.seq = (SELECT MAX(x.seq) FROM revisions x WHERE x.page_id = r.page_id AND x.state = 'pending')
           AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.revision_id = r.id AND v.reviewer_id = ?)
         ORDER BY r.created_at, r.seq`,
      ),
      storeDigest: db.prepare<[string, string]>(
        'INSERT INTO revision_digests (revision_id, digest) VALUES (?, ?) ON CONFLICT (revision_id) DO UPDATE SET digest = excluded.digest',
      ),
      pendingPages: db.prepare<[], { page_id: string }>(
        "SELECT DISTINCT page_id FROM revisions WHERE state = 'pending'",
      ),
      olderPending: db.prepare<[string, number], { id: string }>(
        "SELECT id FROM revisions WHERE page_id = ? AND seq < ? AND state = 'pending' ORDER BY seq",
      ),
      insertReference: db.prepare(
        `INSERT INTO revision_references (revision_id, ref_id, position, csl, evidence_level)
         VALUES (@revisionId, @refId, @position, @csl, @evidenceLevel)`,
      ),
      insertImage: db.prepare<[string, string]>(
        'INSERT OR IGNORE INTO revision_images (revision_id, image_id) VALUES (?, ?)',
      ),
      supersedeOlderPending: db.prepare(
        "UPDATE revisions SET state = 'superseded' WHERE page_id = ? AND seq < ? AND state = 'pending'",
      ),
      decisionState: db.prepare<
        [string],
        { page_id: string; seq: number; state: RevisionState; content_hash: string }
      >('SELECT page_id, seq, state, content_hash FROM revisions WHERE id = ?'),
      insertReview: db.prepare(
        `INSERT INTO reviews (id, revision_id, reviewer_id, decision, comment, content_hash, created_at)
         VALUES (@id, @revisionId, @reviewerId, @decision, @comment, @contentHash, @createdAt)
         ON CONFLICT (revision_id, reviewer_id) DO NOTHING`,
      ),
      approvals: db.prepare<[string, string], { n: number }>(
        "SELECT COUNT(*) AS n FROM reviews WHERE revision_id = ? AND content_hash = ? AND decision = 'approve'",
      ),
      moveFromPending: db.prepare<[RevisionState, string, string]>(
        "UPDATE revisions SET state = ? WHERE id = ? AND state = 'pending' AND content_hash = ?",
      ),
      supersedeOlderOpen: db.prepare(
        `UPDATE revisions SET state = 'superseded'
         WHERE page_id = ? AND seq < ? AND state IN ('pending', 'changes_requested')`,
      ),
      // The slug learners use follows only if the page still has the title being published (a
      // rename since the submission is unreviewed): else the one before stays (or the page id).
      setPublished: db.prepare(
        `UPDATE pages SET published_revision_id = @revisionId, published_at = @at,
           published_slug = CASE WHEN title = (SELECT r.title FROM revisions r WHERE r.id = @revisionId)
             THEN slug ELSE COALESCE(published_slug, id) END
         WHERE id = @pageId`,
      ),
      insertRestore: db.prepare(
        'INSERT INTO revision_restores (page_id, revision_id, restored_by, restored_at) VALUES (?, ?, ?, ?)',
      ),
      restoredSince: db.prepare<[string, number], SummaryRow>(
        `SELECT r.id, r.page_id, r.seq, r.created_at, r.created_by, r.message, r.title, r.content_hash, r.authors,
                r.state, r.up_to_update_seq
         FROM revision_restores x JOIN revisions r ON r.id = x.revision_id
         WHERE x.page_id = ? AND x.restored_at >= ? ORDER BY x.restored_at, x.id`,
      ),
    };
    this.insert = db.transaction(
      (revision: Omit<Revision, 'seq'>, extras: RevisionExtras): number | 'page_archived' => {
        // Compare-and-set: an archive that committed first wins.
        if ((this.stmts.pageArchived.get(revision.pageId)?.archived_at ?? null) !== null)
          return 'page_archived';
        const seq = this.stmts.nextSeq.get(revision.pageId)?.n ?? 1;
        const superseded = this.stmts.olderPending.all(revision.pageId, seq).map((r) => r.id);
        this.stmts.insert.run({
          ...revision,
          seq,
          doc: JSON.stringify(revision.doc),
          blocks: JSON.stringify(revision.blocks),
          authors: JSON.stringify(revision.authors),
        });
        if (extras.digest) this.stmts.storeDigest.run(revision.id, JSON.stringify(extras.digest));
        this.stmts.supersedeOlderPending.run(revision.pageId, seq);
        for (const r of extras.references ?? [])
          this.stmts.insertReference.run({ ...r, csl: JSON.stringify(r.csl) });
        for (const imageId of extras.images ?? []) this.stmts.insertImage.run(revision.id, imageId);
        if (extras.audit) this.audit.appendWithin(extras.audit(seq, superseded));
        for (const entry of extras.moreAudit ?? []) this.audit.appendWithin(entry);
        return seq;
      },
    );
    this.restore = db.transaction((restore: RevisionRestore, audit: NewAuditEntry | undefined): boolean => {
      if ((this.stmts.pageArchived.get(restore.pageId)?.archived_at ?? null) !== null) return false;
      this.stmts.insertRestore.run(restore.pageId, restore.revisionId, restore.restoredBy, restore.at);
      if (audit) this.audit.appendWithin(audit);
      return true;
    });
    this.decide = db.transaction((command: RecordReviewCommand): RecordReviewResult => {
      const { review, pageId } = command;
      const current = this.stmts.decisionState.get(review.revisionId);
      if (!current || current.page_id !== pageId) return { status: 'not_found' };
      if (current.state !== 'pending') return { status: 'not_pending', state: current.state };
      if (current.content_hash !== review.contentHash)
        return { status: 'content_changed', contentHash: current.content_hash };
      if (this.stmts.insertReview.run(review).changes !== 1) return { status: 'already_reviewed' };
      this.audit.appendWithin(command.reviewAudit);
      const move = (to: RevisionState): void => {
        if (this.stmts.moveFromPending.run(to, review.revisionId, review.contentHash).changes !== 1)
          throw new LostRace();
      };
      if (review.decision === 'request_changes') {
        move('changes_requested');
        return { status: 'recorded', state: 'changes_requested', published: false };
      }
      const approvals = this.stmts.approvals.get(review.revisionId, review.contentHash)?.n ?? 0;
      if (approvals < command.requiredApprovals)
        return { status: 'recorded', state: 'pending', published: false };
      move('approved');
      this.stmts.supersedeOlderOpen.run(pageId, current.seq);
      this.stmts.setPublished.run({ revisionId: review.revisionId, at: review.createdAt, pageId });
      this.audit.appendWithin(command.publishAudit);
      return { status: 'recorded', state: 'approved', published: true };
    });
  }

  insertRevision(
    revision: Omit<Revision, 'seq'>,
    extras: RevisionExtras = {},
  ): Promise<number | 'page_archived'> {
    // A failure inside the unit of work rolled it back; it rejects rather than throwing.
    try {
      return Promise.resolve(this.insert.immediate(revision, extras));
    } catch (err: unknown) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  findRevision(id: string): Promise<Revision | null> {
    const row = this.stmts.find.get(id);
    return Promise.resolve(row ? toRevision(row, this.parsed) : null);
  }

  listRevisions(pageId: string): Promise<Revision[]> {
    return Promise.resolve(this.stmts.ofPage.all(pageId).map((r) => toRevision(r, this.parsed)));
  }

  listRevisionSummaries(pageId: string): Promise<RevisionSummary[]> {
    return Promise.resolve(this.stmts.summariesOfPage.all(pageId).map(toSummary));
  }

  listRevisionsInState(states: RevisionState[]): Promise<Revision[]> {
    if (states.length === 0) return Promise.resolve([]);
    const rows = this.db
      .prepare<string[], RevisionRow>(
        `SELECT * FROM revisions WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY created_at, seq`,
      )
      .all(...states);
    return Promise.resolve(rows.map((r) => toRevision(r, this.parsed)));
  }

  listQueueCandidates(reviewerId: string): Promise<QueueCandidate[]> {
    return Promise.resolve(
      this.stmts.queueCandidates.all(reviewerId).map((r) => ({
        revision: toSummary(r),
        publishedRevisionId: r.published_revision_id,
        publishedTitle: r.published_title,
      })),
    );
  }

  listDigests(revisionIds: string[]): Promise<Map<string, RevisionDigest | null>> {
    const out = new Map<string, RevisionDigest | null>();
    if (revisionIds.length === 0) return Promise.resolve(out);
    const rows = this.db
      .prepare<string[], { revision_id: string; digest: string }>(
        `SELECT revision_id, digest FROM revision_digests WHERE revision_id IN (${revisionIds.map(() => '?').join(', ')})`,
      )
      .all(...revisionIds);
    for (const id of revisionIds) out.set(id, null);
    for (const r of rows) out.set(r.revision_id, JSON.parse(r.digest) as RevisionDigest);
    return Promise.resolve(out);
  }

  storeDigest(revisionId: string, digest: RevisionDigest): Promise<void> {
    this.stmts.storeDigest.run(revisionId, JSON.stringify(digest));
    return Promise.resolve();
  }

  pendingPageIds(): Promise<string[]> {
    return Promise.resolve(this.stmts.pendingPages.all().map((r) => r.page_id));
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

  recordReview(command: RecordReviewCommand): Promise<RecordReviewResult> {
    try {
      return Promise.resolve(this.decide.immediate(command));
    } catch (err: unknown) {
      if (!(err instanceof LostRace)) throw err;
      // Rolled back: report the state that won.
      const now = this.stmts.decisionState.get(command.review.revisionId);
      return Promise.resolve(now ? { status: 'not_pending', state: now.state } : { status: 'not_found' });
    }
  }

  recordRestore(restore: RevisionRestore, audit?: NewAuditEntry): Promise<boolean> {
    return Promise.resolve(this.restore.immediate(restore, audit));
  }

  listRestoredSince(pageId: string, since: number): Promise<RevisionSummary[]> {
    return Promise.resolve(this.stmts.restoredSince.all(pageId, since).map(toSummary));
  }
}
