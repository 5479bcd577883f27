import { useEffect, useSyncExternalStore } from 'react';
import { fetchReviewQueueCount } from './reviewApi.ts';
import { awaitingReviewer } from './awaitingReviewer.ts';
import type { QueueItem } from './reviewTypes.ts';

/** Items this reviewer can sign off: not yet decided by them, and not co-authored (four-eyes). */
export function countActionable(items: QueueItem[], reviewerId: string): number {
  return awaitingReviewer(items, reviewerId).filter((item) => !item.coAuthored).length;
}

/** How many revisions wait in the signed-in reviewer's queue; shared by the nav link and the queue screen. */
let count: number | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Record the count (the queue screen knows it exactly after loading or acting). */
export function setReviewQueueCount(next: number | null): void {
  if (next === count) return;
  count = next;
  for (const listener of listeners) listener();
}

const REFRESH_MS = 60_000;
/** Navigating quickly between screens does not refetch the queue each time. */
const MIN_GAP_MS = 10_000;
let lastLoad = { reviewerId: '', at: 0 };

/** The count for the nav badge, refreshed every minute and on navigation (`key`). */
export function useReviewQueueCount(reviewerId: string | null, key: string): number | null {
  const value = useSyncExternalStore(subscribe, () => count);
  useEffect(() => {
    if (reviewerId === null) return;
    const controller = new AbortController();
    const load = () => {
      fetchReviewQueueCount(controller.signal).then(
        ({ count: next }) => {
          lastLoad = { reviewerId, at: Date.now() };
          setReviewQueueCount(next);
        },
        () => undefined, // the badge is a hint; the queue screen reports errors
      );
    };
    const fresh = lastLoad.reviewerId === reviewerId && Date.now() - lastLoad.at < MIN_GAP_MS;
    if (!fresh) load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [reviewerId, key]);
  return reviewerId === null ? null : value;
}
