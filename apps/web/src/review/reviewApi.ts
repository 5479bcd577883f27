import { api } from '../api.ts';
import type {
  DiffResponse,
  PageDetails,
  PublishedBlocks,
  QueueResponse,
  ReviewDecision,
  ReviewOutcome,
  RevisionsResponse,
  SubmittedRevision,
} from './reviewTypes.ts';

const page = (id: string) => `/api/pages/${encodeURIComponent(id)}`;
const revision = (id: string) => `/api/revisions/${encodeURIComponent(id)}`;

export function fetchPage(pageId: string, signal?: AbortSignal): Promise<PageDetails> {
  return api<PageDetails>(page(pageId), { signal });
}

/** Snapshot the live draft and submit it for review. */
export function submitRevision(
  pageId: string,
  message: string,
  /** Faculty/admin only: submit despite likely patient identifiers (audited). */
  acknowledgement?: { acknowledgePhi: true; justification: string },
): Promise<SubmittedRevision> {
  return api<SubmittedRevision>(`${page(pageId)}/revisions`, {
    method: 'POST',
    body: { message, ...acknowledgement },
  });
}

/** Revisions of a page, newest first, with the names of everyone they mention. */
export function fetchRevisions(pageId: string, signal?: AbortSignal): Promise<RevisionsResponse> {
  return api<RevisionsResponse>(`${page(pageId)}/revisions`, { signal });
}

/** Sign-off bound to the content hash the reviewer was shown. */
export function reviewRevision(
  revisionId: string,
  decision: ReviewDecision,
  comment: string,
  contentHash: string,
): Promise<ReviewOutcome> {
  return api<ReviewOutcome>(`${revision(revisionId)}/reviews`, {
    method: 'POST',
    body: { decision, comment, contentHash },
  });
}

/** Write a revision back into the live draft; editors see it arrive through collaboration. */
export function restoreRevision(revisionId: string): Promise<{ restored: string; pageId: string }> {
  return api(`${revision(revisionId)}/restore`, { method: 'POST' });
}

/** Block changes between two versions: `published`, `draft` or a revision id. */
export function fetchDiff(pageId: string, from: string, to: string, signal?: AbortSignal) {
  const query = new URLSearchParams({ from, to });
  return api<DiffResponse>(`${page(pageId)}/diff?${query.toString()}`, { signal });
}

export function fetchPublishedBlocks(pageId: string, signal?: AbortSignal): Promise<PublishedBlocks> {
  return api<PublishedBlocks>(`${page(pageId)}/published-blocks`, { signal });
}

export function fetchReviewQueue(signal?: AbortSignal): Promise<QueueResponse> {
  return api<QueueResponse>('/api/review/queue', { signal });
}

export function fetchReviewQueueCount(signal?: AbortSignal): Promise<{ count: number }> {
  return api<{ count: number }>('/api/review/queue/count', { signal });
}
