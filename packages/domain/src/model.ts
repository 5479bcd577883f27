import type { EvidenceLevel, Role } from '@rounds/shared';

export type { Role };

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAt: number;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
}

/** A one-time password reset link, by the hash of its secret. */
export interface PasswordResetToken {
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface Page {
  id: string;
  slug: string;
  /** The draft title: editors see it (renaming changes it at once). */
  title: string;
  /**
   * The title of the published revision, as snapshotted at its submission: what learners read.
   * Null while nothing is published. Read from the revision; never written on the page.
   */
  publishedTitle: string | null;
  /**
   * The slug learners use: the page's slug when its current published revision was approved (if
   * the page then had that revision's title; else the one before, or the page id). Null while
   * nothing is published. Written at publication; never by a rename.
   */
  publishedSlug: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  /** The topic area whose reviewers and policy apply; null uses the defaults. */
  collectionId: string | null;
  publishedRevisionId: string | null;
  /** When the current published revision was signed off (review expiry counts from here). */
  publishedAt: number | null;
  /** When the page was archived (null while live): read-only, out of every list and learner view. */
  archivedAt: number | null;
}

export type RevisionState = 'pending' | 'approved' | 'changes_requested' | 'superseded';
export type ReviewDecision = 'approve' | 'request_changes';

/** A block of a revision or draft: stable id, node type, plain text and a hash of its content. */
export interface BlockFingerprint {
  id: string;
  type: string;
  text: string;
  hash: string;
}

/** An immutable snapshot of the draft, submitted for review. */
export interface Revision {
  id: string;
  pageId: string;
  /** 1, 2, 3… per page. */
  seq: number;
  createdAt: number;
  createdBy: string;
  message: string;
  /**
   * The page title at submission: what learners read once this revision is published (renaming
   * a page changes the draft title only). Not part of contentHash: the revision row is immutable.
   */
  title: string;
  contentHash: string;
  /** ProseMirror JSON. */
  doc: unknown;
  text: string;
  blocks: BlockFingerprint[];
  /** Users who contributed since the last published revision (everyone, when none). */
  authors: string[];
  state: RevisionState;
  /** Full Yjs state of the draft at submission, for restore. */
  yjsState: Uint8Array;
  /** Highest update-log seq the snapshot covers. */
  upToUpdateSeq: number;
  /**
   * When an admin purged text from this revision's content (its metadata, reviews and sign-offs
   * stay; contentHash stays the hash they were given for); null or absent when never.
   */
  purgedAt?: number | null;
}

/** A faculty decision on one revision, bound to its content hash. Append-only. */
export interface Review {
  id: string;
  revisionId: string;
  reviewerId: string;
  decision: ReviewDecision;
  comment: string;
  contentHash: string;
  createdAt: number;
}

/** A topic area: its reviewers and review policy. */
export interface Collection {
  id: string;
  name: string;
  /** What the topic area covers, for the home page and the admin screen (empty when unset). */
  description?: string;
  requiredApprovals: number;
  reviewValidDays: number;
  /** Faculty who may sign off its pages; empty means any faculty member. */
  reviewerIds: string[];
  createdAt: number;
}

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string | null;
  action: string;
  target: string;
  data: Record<string, unknown>;
  hash: string;
  prevHash: string;
  /** Which hash format this entry uses (see `AUDIT_HASH_VERSION`): 1 for entries written before 2. */
  hashVersion: 1 | 2;
}

/** One client update as it sits in the append-only document log. */
export interface StoredUpdate {
  seq: number;
  userId: string | null;
  update: Uint8Array;
  at: number;
}

export interface NewUpdate {
  userId: string | null;
  update: Uint8Array;
  at: number;
}

/** What the document store holds for one page: the compacted state plus the log after it. */
export interface StoredDocument {
  snapshot: Uint8Array | null;
  /** Highest update seq folded into `snapshot` (0 when none). */
  snapshotSeq: number;
  updates: StoredUpdate[];
  /**
   * Yjs client ids of documents a purge replaced (see PurgeService): a client whose state names
   * one of them still holds purged content and is refused. Absent when the page was never purged.
   */
  purgedClientIds?: number[];
}

/** A comment anchored to a range of the draft (Yjs relative positions survive edits). */
export interface CommentThread {
  id: string;
  pageId: string;
  /** Base64 of `Y.encodeRelativePosition` for the range's start and end; opaque to the domain. */
  anchorStart: string;
  anchorEnd: string;
  /** The text that was selected, as a fallback when the range is gone. */
  quote: string;
  status: 'open' | 'resolved';
  createdBy: string;
  createdAt: number;
  resolvedBy: string | null;
  resolvedAt: number | null;
  comments: ThreadComment[];
}

export interface ThreadComment {
  id: string;
  threadId: string;
  authorId: string;
  body: string;
  createdAt: number;
  /** Set when faculty hid the comment after a report: non-faculty then get it without its text. */
  hidden?: { by: string; at: number; reason: string } | null;
}

export { EVIDENCE_LEVELS } from '@rounds/shared';
export type { EvidenceLevel } from '@rounds/shared';

/** A CSL-JSON item as Rounds stores it (validated at the edge). */
export type CslItem = Record<string, unknown> & { title: string; type: string };

/**
 * A reference as a revision cites it: a copy taken at submission, so what learners read never
 * changes when the draft's library does.
 */
export interface RevisionReference {
  revisionId: string;
  refId: string;
  /** Its number in the revision's reference list (order of first citation, from 1). */
  position: number;
  csl: CslItem;
  evidenceLevel: EvidenceLevel | null;
}

/** A revision that cites a reference, named where a refusal says where it is cited. */
export interface CitingRevision {
  id: string;
  seq: number;
  state: RevisionState;
}

/** One entry of a page's reference library. */
export interface Reference {
  id: string;
  pageId: string;
  csl: CslItem;
  /** Normalized DOI (lower case, no URL prefix) and PMID, for de-duplication. */
  doi: string | null;
  pmid: string | null;
  evidenceLevel: EvidenceLevel | null;
  createdBy: string;
  createdAt: number;
}
