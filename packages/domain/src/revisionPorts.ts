import type { Review, Revision, RevisionReference, RevisionState } from './model.ts';
import type { NewAuditEntry } from './ports.ts';
import type { RevisionDigest } from './revisionDigest.ts';

/** The revision and review storage port (see ports.ts for the rules every port follows). */
export interface RevisionRepository {
  /**
   * Inserts with the next per-page seq (assigned by the store) and, in the same transaction, marks
   * the page's older pending revisions superseded: a page has at most one pending revision, its
   * newest. Returns the seq. `with` joins the same transaction (a submission is one unit of work):
   * the references snapshotted with the revision, and its audit entry, built from the seq assigned
   * and the ids of the revisions it superseded. Compare-and-set on the page not being archived (in
   * the same transaction): `page_archived` when it is, and nothing was written.
   */
  insertRevision(revision: Omit<Revision, 'seq'>, with_?: RevisionExtras): Promise<number | 'page_archived'>;
  findRevision(id: string): Promise<Revision | null>;
  /** Newest first. */
  listRevisions(pageId: string): Promise<Revision[]>;
  /** Newest first, without the content (doc, text, blocks, Yjs state): for lists and notices. */
  listRevisionSummaries(pageId: string): Promise<RevisionSummary[]>;
  /** Revisions in any of these states, oldest first, across pages. */
  listRevisionsInState(states: RevisionState[]): Promise<Revision[]>;
  /**
   * The review queue's candidates, without bodies: the newest pending revision of every page that
   * is not archived, which `reviewerId` has not reviewed yet, oldest first, with the id and title of
   * the page's published revision.
   */
  listQueueCandidates(reviewerId: string): Promise<QueueCandidate[]>;
  /** The digests stored with these revisions (null: stored before digests were). */
  listDigests(revisionIds: string[]): Promise<Map<string, RevisionDigest | null>>;
  /** Stores a digest computed later for a revision stored without one. */
  storeDigest(revisionId: string, digest: RevisionDigest): Promise<void>;
  /** Ids of pages with at least one pending revision (cheap: no revision bodies). */
  pendingPageIds(): Promise<string[]>;
  listReviews(revisionIds: string[]): Promise<Review[]>;
  /**
   * One unit of work for a sign-off decision, all or nothing: stores the review and its audit entry,
   * moves the revision's state and, when approvals reach `requiredApprovals`, publishes it (earlier
   * open revisions of the page become superseded) with its audit entry. Every state move is a
   * compare-and-set on `state = 'pending'` and the review's content hash, so of two racing
   * decisions at most one moves the revision, and a revision with requested changes is never
   * published. Refusals change nothing and say why.
   */
  recordReview(command: RecordReviewCommand): Promise<RecordReviewResult>;
  /**
   * Remembers that a revision's content was written back into the page's draft (for authorship),
   * with its audit entry, in one transaction; a compare-and-set on the page not being archived:
   * false (nothing written) when it is.
   */
  recordRestore(restore: RevisionRestore, audit?: NewAuditEntry): Promise<boolean>;
  /** Revisions restored into the page's draft at or after `since` (ms), oldest restore first. */
  listRestoredSince(pageId: string, since: number): Promise<RevisionSummary[]>;
}

/** What a submission writes together with its revision row. */
export interface RevisionExtras {
  references?: RevisionReference[];
  /** What the review queue shows of the revision (bounded), so it never reads the body. */
  digest?: RevisionDigest;
  audit?: (seq: number, superseded: string[]) => NewAuditEntry;
  /** Further entries written after `audit` in the same transaction (the validator chain's). */
  moreAudit?: NewAuditEntry[];
  /** Ids of the images the revision shows: learners may fetch these once it is published. */
  images?: string[];
}

export interface RecordReviewCommand {
  /** Bound to the content hash the decision is about (`review.contentHash`). */
  review: Review;
  pageId: string;
  /** Approvals (this one included) that publish the revision. */
  requiredApprovals: number;
  /** Written with the review. */
  reviewAudit: NewAuditEntry;
  /** Written only when this review publishes the revision. */
  publishAudit: NewAuditEntry;
}

export type RecordReviewResult =
  | { status: 'recorded'; state: RevisionState; published: boolean }
  /** The revision was decided (or superseded) before this review could be stored. */
  | { status: 'not_pending'; state: RevisionState }
  | { status: 'content_changed'; contentHash: string }
  | { status: 'already_reviewed' }
  | { status: 'not_found' };

export interface RevisionRestore {
  pageId: string;
  revisionId: string;
  restoredBy: string;
  at: number;
}

export type RevisionSummary = Omit<Revision, 'doc' | 'text' | 'blocks' | 'yjsState'>;

/** A pending revision for the review queue, without its body. */
export interface QueueCandidate {
  revision: RevisionSummary;
  publishedRevisionId: string | null;
  publishedTitle: string | null;
}
