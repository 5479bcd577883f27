import type { DocumentDiff } from '@rounds/editor';
import type { PageView, TitleChange } from '@rounds/shared';

/** Display names of the user ids a response mentions (`people` in review responses). */
export type People = Record<string, string>;

export type RevisionState = 'pending' | 'approved' | 'changes_requested' | 'superseded';
export type ReviewDecision = 'approve' | 'request_changes';

/** A faculty decision on one revision, bound to its content hash. */
export interface ReviewView {
  id: string;
  reviewerId: string;
  decision: ReviewDecision;
  comment: string;
  contentHash: string;
  createdAt: string;
}

/** An immutable snapshot of the draft submitted for review. */
export interface RevisionView {
  id: string;
  pageId: string;
  seq: number;
  createdAt: string;
  createdBy: string;
  authors: string[];
  message: string;
  contentHash: string;
  state: RevisionState;
  /** When an admin purged text from this revision (its sign-offs stay); null when never. */
  purgedAt?: string | null;
  reviews: ReviewView[];
}

export interface RevisionsResponse {
  revisions: RevisionView[];
  people: People;
}

/** One block-level change between two versions; `before`/`after` are the block's plain text. */
export interface BlockChange {
  type: 'added' | 'removed' | 'changed';
  blockId: string;
  before: string | null;
  after: string | null;
}

/**
 * `GET /api/pages/:id/diff`: the rich diff computed by `diffDocuments` in @rounds/editor (the
 * contract's block changes plus words with marks, attributes, details and the reference list).
 */
export interface DiffResponse extends DocumentDiff {
  from: string;
  to: string;
}

/** A pending revision in the faculty review queue. */
export interface QueueItem {
  page: { id: string; title: string; slug: string };
  revision: RevisionView;
  publishedRevisionId: string | null;
  /** The title learners read now and the one this revision would publish. */
  title?: TitleChange;
  /**
   * The revision against the published one (everything, when nothing is published): at most 50
   * changes, each block's text cut at 300 characters; the card shows the rich diff instead.
   */
  changes: BlockChange[];
  /** Changed blocks past the ones in `changes`. */
  truncatedChanges?: number;
  /** How many changes are of images (always listed in `changes`, even past the cap). */
  imageChanges?: number;
  /** The reviewer wrote part of it, so four-eyes forbids their sign-off. */
  coAuthored: boolean;
  /** Clinical claims in blocks that cite nothing (at most 20 listed). */
  uncitedClaims?: { blockId: string; sentence: string }[];
  /** All uncited claims, listed or not. */
  uncitedClaimsTotal?: number;
  /** How many of the page's references have each evidence level ("unrated" included). */
  evidence?: Record<string, number>;
}

export interface QueueResponse {
  items: QueueItem[];
  people: People;
}

export interface SubmittedRevision {
  id: string;
  seq: number;
  contentHash: string;
  state: RevisionState;
}

export interface ReviewOutcome {
  review: ReviewView;
  revision: { id: string; state: RevisionState };
  published: boolean;
}

/** `GET /api/pages/:id`: the page with who signed off its published revision, and when. */
export interface PageDetails extends PageView {
  publishedAt?: string | null;
  reviewedBy?: { id: string; name: string }[];
}

/** `GET /api/pages/:id/published-blocks`: hashes of the published revision's blocks. */
export interface PublishedBlocks {
  revisionId: string | null;
  blocks: { id: string; hash: string }[];
}
