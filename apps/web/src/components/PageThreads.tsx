import { useThreads } from '../threads/useThreads.ts';
import { ThreadCard } from './ThreadCard.tsx';

/** The open comment threads of a page, for the review queue (hidden when there are none). */
export function PageThreads({ pageId }: { pageId: string }) {
  const { state, refresh } = useThreads(pageId);
  if (state.status !== 'ready') return null;
  const open = state.data.threads.filter((t) => t.status === 'open');
  if (open.length === 0) return null;
  return (
    <section className="queue-item__threads" aria-label="Open comments">
      <h3 className="queue-item__subtitle">
        {open.length} open {open.length === 1 ? 'comment' : 'comments'}
      </h3>
      <ol className="threads__list">
        {open.map((thread) => (
          <li key={thread.id}>
            <ThreadCard thread={thread} people={state.data.people} onChanged={refresh} />
          </li>
        ))}
      </ol>
    </section>
  );
}
