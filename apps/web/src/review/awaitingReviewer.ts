import type { QueueItem } from './reviewTypes.ts';

/**
 * Queue items this reviewer has not decided on yet. When a collection needs several approvals, a
 * revision stays pending after one; it has left this reviewer's queue all the same.
 */
export function awaitingReviewer(items: QueueItem[], reviewerId: string): QueueItem[] {
  return items.filter((item) => !item.revision.reviews.some((r) => r.reviewerId === reviewerId));
}
