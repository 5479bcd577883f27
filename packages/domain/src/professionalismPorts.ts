import type { ReportReason, ResolveAction } from '@rounds/shared';
import type { NewAuditEntry } from './ports.ts';

/** One published version of the school's guidelines for professional conduct online. */
export interface GuidelineVersion {
  version: number;
  markdown: string;
  enforce: boolean;
  createdBy: string | null;
  createdAt: number;
}

export type AcknowledgeOutcome = 'acknowledged' | 'already' | 'stale';

/** Every version is kept; acknowledgements name the version they were given for. */
export interface GuidelinesRepository {
  /** The newest version, or null before the first one exists. */
  currentGuidelines(): Promise<GuidelineVersion | null>;
  /**
   * Inserts `next` with its audit entry in one transaction, only if `next.version` is one more
   * than the newest stored version (compare-and-set: two racing saves cannot both take a number).
   */
  publishGuidelines(next: GuidelineVersion, audit: NewAuditEntry | null): Promise<boolean>;
  /** The highest version the user acknowledged, or null when never. */
  acknowledgedVersion(userId: string): Promise<number | null>;
  /**
   * Records the acknowledgement and its audit entry in one transaction, only if `version` is still
   * the newest (`stale` otherwise); `already` when it was recorded before (nothing written).
   */
  acknowledge(userId: string, version: number, at: number, audit: NewAuditEntry): Promise<AcknowledgeOutcome>;
  /** Of `userIds`, those who acknowledged `version` (one query). */
  whoAcknowledged(userIds: readonly string[], version: number): Promise<Set<string>>;
}

export type ReportTargetType = 'comment' | 'page';

export interface ReportResolution {
  action: ResolveAction;
  /** Free text of the moderator: shown to faculty and the reporter, never audited. */
  reason: string;
  by: string;
  at: number;
}

/** A report of a comment or a passage of a page, for the faculty moderation queue. */
export interface Report {
  id: string;
  targetType: ReportTargetType;
  pageId: string;
  commentId: string | null;
  blockId: string | null;
  quote: string | null;
  reason: ReportReason;
  note: string;
  reporterId: string;
  createdAt: number;
  state: 'open' | 'resolved';
  resolution: ReportResolution | null;
}

/** A report with what the queue shows of its target and people, read in one query. */
export interface ReportListing extends Report {
  /** Null when the viewer may not read the page (see `ReportService.mine`). */
  pageTitle: string | null;
  reporterName: string;
  resolverName: string | null;
  /** The comment's text (faculty only see it; bounded by the query). */
  commentExcerpt: string | null;
  commentHidden: boolean;
}

export interface CommentTarget {
  commentId: string;
  threadId: string;
  pageId: string;
}

export interface ReportFilter {
  state?: 'open' | 'resolved';
  reporterId?: string;
}

export interface ReportRepository {
  findCommentTarget(commentId: string): Promise<CommentTarget | null>;
  /** Inserts the report with its audit entry in one transaction. */
  insertReport(report: Report, audit: NewAuditEntry): Promise<void>;
  findReport(id: string): Promise<Report | null>;
  /**
   * In one transaction, compare-and-set on the report still being open: records the resolution,
   * hides the comment when `hide` is given (kept as it is when already hidden) and appends the
   * audit entries. False when the report was not open (nothing written).
   */
  resolveReport(
    id: string,
    resolution: ReportResolution,
    hide: { commentId: string } | null,
    audit: NewAuditEntry[],
  ): Promise<boolean>;
  /** Newest first, at most `limit`. */
  listReports(filter: ReportFilter, limit: number): Promise<ReportListing[]>;
  countOpenReports(): Promise<number>;
}
