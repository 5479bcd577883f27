import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api.ts';
import { fetchReviewQueue } from '../review/reviewApi.ts';
import type { QueueItem, QueueResponse, ReviewDecision, ReviewOutcome } from '../review/reviewTypes.ts';
import { countActionable, setReviewQueueCount } from '../review/reviewQueueCount.ts';
import { awaitingReviewer } from '../review/awaitingReviewer.ts';
import { useCurrentUser } from '../auth/SessionContext.tsx';
import { QueueItemCard } from '../components/QueueItemCard.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';

type QueueState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; queue: QueueResponse };

/** The queue without the cards of this page: a decision on one revision settles the page's older ones too. */
const withoutPage = (queue: QueueResponse, pageId: string): QueueResponse => ({
  ...queue,
  items: queue.items.filter((i) => i.page.id !== pageId),
});

/** `/review`: revisions waiting for this reviewer, oldest first, each with its diff and decision. */
export function ReviewQueueScreen() {
  const user = useCurrentUser();
  const [state, setState] = useState<QueueState>({ status: 'loading' });
  const [outcome, setOutcome] = useState<string | null>(null);

  /** Loads the queue; a refresh after a decision keeps the cards on screen until the answer arrives. */
  const load = useCallback(
    (signal?: AbortSignal) =>
      fetchReviewQueue(signal).then(
        (queue) =>
          setState({ status: 'ready', queue: { ...queue, items: awaitingReviewer(queue.items, user.id) } }),
        (err: unknown) => {
          if (signal?.aborted) return;
          setState((prev) =>
            prev.status === 'ready'
              ? prev
              : { status: 'error', message: errorMessage(err, 'Could not load the review queue.') },
          );
        },
      ),
    [user.id],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  useEffect(() => {
    if (state.status === 'ready') setReviewQueueCount(countActionable(state.queue.items, user.id));
  }, [state, user.id]);

  /** The card leaves at once (and the badge with it); then the queue is fetched again, e.g. for a newer revision. */
  const settle = (item: QueueItem) => {
    setState((prev) =>
      prev.status === 'ready' ? { status: 'ready', queue: withoutPage(prev.queue, item.page.id) } : prev,
    );
    void load();
  };

  const onReviewed = (item: QueueItem, result: ReviewOutcome, decision: ReviewDecision) => {
    const title = `“${item.page.title}” (revision ${item.revision.seq})`;
    setOutcome(
      decision === 'request_changes'
        ? `Changes requested on ${title}. The authors will see your comment.`
        : result.published
          ? `Approved and published ${title}. Learners now see it.`
          : `Approved ${title}. It needs more sign-offs before it is published.`,
    );
    settle(item);
  };

  const onGone = (item: QueueItem, message: string) => {
    setOutcome(`“${item.page.title}” (revision ${item.revision.seq}): ${message}.`);
    settle(item);
  };

  return (
    <div className="page-width page-width--wide">
      <div className="screen-header">
        <h1>Review</h1>
        <p className="screen-header__lead">
          Revisions waiting for your sign-off, oldest first. Each shows what changed against the page learners
          see now.
        </p>
      </div>
      {outcome && (
        <p className="success-note queue__outcome" role="status">
          {outcome}
        </p>
      )}
      {state.status === 'loading' && <LoadingNote label="Loading the review queue…" />}
      {state.status === 'error' && <ErrorNote message={state.message} />}
      {state.status === 'ready' &&
        (state.queue.items.length === 0 ? (
          <p className="note note--empty">Nothing is waiting for review. Thank you!</p>
        ) : (
          <ol className="queue" aria-label="Revisions awaiting review">
            {state.queue.items.map((item) => (
              <QueueItemCard
                key={item.revision.id}
                item={item}
                people={state.queue.people}
                onReviewed={onReviewed}
                onGone={onGone}
              />
            ))}
          </ol>
        ))}
    </div>
  );
}
