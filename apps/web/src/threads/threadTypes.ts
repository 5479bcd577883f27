import type { People } from '../review/reviewTypes.ts';

/** Base64 of `Y.encodeRelativePosition` for each end of the commented range. */
export interface ThreadAnchor {
  start: string;
  end: string;
}

export interface ThreadComment {
  id: string;
  authorId: string;
  body: string;
  createdAt: string;
  /** Hidden by faculty after a report: others get it without its text, faculty with the reason. */
  hidden?: boolean;
  hiddenReason?: string;
}

/** Feedback anchored to a range of the draft; threads resolve and reopen. */
export interface ThreadView {
  id: string;
  pageId: string;
  anchor: ThreadAnchor;
  /** The text that was selected, shown when the range has since been deleted. */
  quote: string;
  status: 'open' | 'resolved';
  createdBy: string;
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  comments: ThreadComment[];
}

export interface ThreadsResponse {
  threads: ThreadView[];
  people: People;
}

/** Longest comment body and quote the server accepts. */
export const COMMENT_MAX = 5000;
export const QUOTE_MAX = 500;
