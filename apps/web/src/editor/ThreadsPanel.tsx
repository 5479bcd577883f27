import { useEffect, useState } from 'react';
import { useEditorState } from '@tiptap/react';
import type { Editor } from '@tiptap/react';
import { ThreadCard } from '../components/ThreadCard.tsx';
import { NewThreadForm } from '../components/NewThreadForm.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type { ThreadView } from '../threads/threadTypes.ts';
import { threadRanges } from './CommentHighlights.ts';
import type { ThreadRange } from './CommentHighlights.ts';
import type { CommentThreads } from './useCommentThreads.ts';

interface ThreadsPanelProps {
  editor: Editor;
  pageId: string;
  threads: CommentThreads;
}

/** Threads in page order, to the right of the editor: open ones first, resolved ones on request. */
export function ThreadsPanel({ editor, pageId, threads }: ThreadsPanelProps) {
  const { state, activeId, select, draft, cancelDraft, posted, refresh } = threads;
  const [showResolved, setShowResolved] = useState(false);
  const ranges = useEditorState({ editor, selector: ({ editor: e }) => threadRanges(e.state) });

  const activeResolved =
    state.status === 'ready' && state.data.threads.some((t) => t.id === activeId && t.status === 'resolved');
  useEffect(() => {
    // A notification may lead to a resolved thread: show it rather than hide it.
    if (activeResolved) setShowResolved(true);
  }, [activeResolved]);

  useEffect(() => {
    if (!activeId) return;
    // Bring both the thread and its highlighted text into view (the highlight renders a frame later).
    document.getElementById(`thread-${activeId}`)?.scrollIntoView({ block: 'nearest' });
    const frame = requestAnimationFrame(() =>
      editor.isInitialized && !editor.isDestroyed
        ? editor.view.dom.querySelector('.comment-range--active')?.scrollIntoView({ block: 'nearest' })
        : undefined,
    );
    return () => cancelAnimationFrame(frame);
  }, [activeId, state.status, showResolved, editor]);

  if (state.status === 'unavailable') return null;
  const all = state.status === 'ready' ? inPageOrder(state.data.threads, ranges) : [];
  const open = all.filter((t) => t.status === 'open');
  const resolved = all.filter((t) => t.status === 'resolved');
  const people = state.status === 'ready' ? state.data.people : {};

  const card = (thread: ThreadView) => (
    <li key={thread.id}>
      <ThreadCard
        thread={thread}
        people={people}
        active={thread.id === activeId}
        detached={ranges.get(thread.id) === null}
        onSelect={(id) => select(id === activeId ? null : id)}
        onChanged={refresh}
      />
    </li>
  );

  return (
    <aside className="threads" aria-labelledby="threads-heading">
      <h2 id="threads-heading" className="threads__title">
        Comments {open.length > 0 && <span className="threads__count">{open.length}</span>}
      </h2>
      {draft && (
        <NewThreadForm
          key={draft.anchor.start + draft.anchor.end}
          pageId={pageId}
          anchor={draft.anchor}
          quote={draft.quote}
          onPosted={posted}
          onCancel={cancelDraft}
        />
      )}
      {state.status === 'error' && <ErrorNote message={state.message} />}
      {state.status === 'ready' && open.length === 0 && !draft && (
        <p className="threads__empty">Select text in the page and choose “Comment” to start a discussion.</p>
      )}
      {open.length > 0 && <ol className="threads__list">{open.map(card)}</ol>}
      {resolved.length > 0 && (
        <>
          <button
            type="button"
            className="button button--ghost button--small threads__toggle"
            aria-expanded={showResolved}
            onClick={() => setShowResolved((s) => !s)}
          >
            {showResolved ? 'Hide' : 'Show'} resolved ({resolved.length})
          </button>
          {showResolved && <ol className="threads__list">{resolved.map(card)}</ol>}
        </>
      )}
    </aside>
  );
}

/** Threads in the order their text appears; those whose text was deleted go last. */
function inPageOrder(threads: ThreadView[], ranges: ReadonlyMap<string, ThreadRange>): ThreadView[] {
  const position = (t: ThreadView) => ranges.get(t.id)?.from ?? Number.MAX_SAFE_INTEGER;
  return [...threads].sort((a, b) => position(a) - position(b) || a.createdAt.localeCompare(b.createdAt));
}
