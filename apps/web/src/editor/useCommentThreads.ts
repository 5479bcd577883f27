import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { useSearchParams } from 'react-router-dom';
import { useThreads } from '../threads/useThreads.ts';
import type { ThreadsState } from '../threads/useThreads.ts';
import { QUOTE_MAX } from '../threads/threadTypes.ts';
import type { ThreadAnchor, ThreadView } from '../threads/threadTypes.ts';
import { setHighlightedThreads } from './CommentHighlights.ts';
import type { HighlightedThread } from './CommentHighlights.ts';
import { decodeAnchor, encodeAnchor } from './threadAnchors.ts';

/** A comment being written on the current selection, before it is posted. */
export interface DraftThread {
  anchor: ThreadAnchor;
  quote: string;
}

const DRAFT_ID = 'draft';

export interface CommentThreads {
  state: ThreadsState;
  refresh: () => void;
  activeId: string | null;
  select: (threadId: string | null) => void;
  draft: DraftThread | null;
  /** Start a comment on the editor's selection; false when nothing is selected. */
  startOnSelection: () => boolean;
  cancelDraft: () => void;
  posted: (thread: ThreadView) => void;
}

/** Threads of a page, kept highlighted in the editor; `?thread=<id>` selects one on arrival. */
export function useCommentThreads(editor: Editor | null, pageId: string): CommentThreads {
  const { state, refresh } = useThreads(pageId);
  const [searchParams] = useSearchParams();
  const [activeId, setActiveId] = useState<string | null>(searchParams.get('thread'));
  const [draft, setDraft] = useState<DraftThread | null>(null);

  const threads = state.status === 'ready' ? state.data.threads : null;
  const decoded = useMemo(() => {
    const list: HighlightedThread[] = [];
    for (const thread of threads ?? []) {
      const anchor = decodeAnchor(thread.anchor);
      if (anchor) list.push({ id: thread.id, anchor, open: thread.status === 'open' });
    }
    return list;
  }, [threads]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const draftAnchor = draft ? decodeAnchor(draft.anchor) : null;
    const all = draftAnchor ? [...decoded, { id: DRAFT_ID, anchor: draftAnchor, open: true }] : decoded;
    setHighlightedThreads(editor, all, draftAnchor ? DRAFT_ID : activeId);
  }, [editor, decoded, draft, activeId]);

  const startOnSelection = useCallback(() => {
    if (!editor) return false;
    const { from, to, empty } = editor.state.selection;
    if (empty) return false;
    const anchor = encodeAnchor(editor.state, from, to);
    if (!anchor) return false;
    const quote = editor.state.doc.textBetween(from, to, ' ', ' ').trim().slice(0, QUOTE_MAX);
    setDraft({ anchor, quote });
    return true;
  }, [editor]);

  const posted = useCallback(
    (thread: ThreadView) => {
      setDraft(null);
      setActiveId(thread.id);
      refresh();
    },
    [refresh],
  );

  return {
    state,
    refresh,
    activeId,
    select: setActiveId,
    draft,
    startOnSelection,
    cancelDraft: useCallback(() => setDraft(null), []),
    posted,
  };
}
