import { Extension } from '@tiptap/core';
import type { Editor } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { resolveAnchor } from './threadAnchors.ts';
import type { DecodedAnchor } from './threadAnchors.ts';

/** A comment thread's anchored range, as the editor highlights it. */
export interface HighlightedThread {
  id: string;
  anchor: DecodedAnchor;
  /** Resolved threads are highlighted only while selected. */
  open: boolean;
}

export type ThreadRange = { from: number; to: number } | null;

interface HighlightState {
  threads: HighlightedThread[];
  activeId: string | null;
  /** Where each thread's range stands now; null when its text was deleted. */
  ranges: ReadonlyMap<string, ThreadRange>;
  decorations: DecorationSet;
}

interface HighlightMeta {
  threads?: HighlightedThread[];
  activeId?: string | null;
}

export interface CommentHighlightsOptions {
  /** Called when someone clicks into a highlighted range. */
  onActivate: (threadId: string) => void;
}

const key = new PluginKey<HighlightState>('roundsCommentHighlights');

function decorate(state: Omit<HighlightState, 'decorations'>, doc: EditorState['doc']): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of state.threads) {
    const range = state.ranges.get(thread.id);
    const active = thread.id === state.activeId;
    if (!range || (!thread.open && !active)) continue;
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        { class: active ? 'comment-range comment-range--active' : 'comment-range' },
        { threadId: thread.id },
      ),
    );
  }
  return DecorationSet.create(doc, decorations);
}

/** Ranges of the threads; a thread is left out while its range cannot be known yet. */
function resolveAll(threads: HighlightedThread[], state: EditorState): Map<string, ThreadRange> {
  const ranges = new Map<string, ThreadRange>();
  for (const thread of threads) {
    const range = resolveAnchor(state, thread.anchor);
    if (range !== undefined) ranges.set(thread.id, range);
  }
  return ranges;
}

function mapRanges(ranges: ReadonlyMap<string, ThreadRange>, tr: Transaction): Map<string, ThreadRange> {
  const mapped = new Map<string, ThreadRange>();
  for (const [id, range] of ranges) {
    if (!range) {
      mapped.set(id, null);
      continue;
    }
    const from = tr.mapping.map(range.from, 1);
    const to = tr.mapping.map(range.to, -1);
    mapped.set(id, to > from ? { from, to } : null);
  }
  return mapped;
}

/**
 * Highlights the ranges comment threads are anchored to. Ranges are resolved from their Yjs
 * relative positions whenever the threads change or an update arrives from Yjs (the binding's
 * mapping is current then) and mapped through local edits in between, as y-tiptap's cursors are.
 */
export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: 'commentHighlights',

  addOptions() {
    return { onActivate: () => undefined };
  },

  addProseMirrorPlugins() {
    const { onActivate } = this.options;
    return [
      new Plugin<HighlightState>({
        key,
        state: {
          init: () => ({ threads: [], activeId: null, ranges: new Map(), decorations: DecorationSet.empty }),
          apply(tr, previous, _oldState, newState) {
            const meta = tr.getMeta(key) as HighlightMeta | undefined;
            const sync = ySyncPluginKey.getState(newState) as { isChangeOrigin?: boolean } | undefined;
            const threads = meta?.threads ?? previous.threads;
            const activeId = meta && 'activeId' in meta ? (meta.activeId ?? null) : previous.activeId;
            let ranges: ReadonlyMap<string, ThreadRange>;
            if (meta?.threads || sync?.isChangeOrigin) ranges = resolveAll(threads, newState);
            else if (tr.docChanged) ranges = mapRanges(previous.ranges, tr);
            else if (meta) ranges = previous.ranges;
            else return previous;
            const next = { threads, activeId, ranges };
            return { ...next, decorations: decorate(next, newState.doc) };
          },
        },
        props: {
          decorations: (state) => key.getState(state)?.decorations,
          handleClick: (view, pos) => {
            const found = key.getState(view.state)?.decorations.find(pos, pos);
            const threadId = (found?.[0]?.spec as { threadId?: string } | undefined)?.threadId;
            if (threadId) onActivate(threadId);
            return false; // place the caret as usual
          },
        },
      }),
    ];
  },
});

/** Tell the editor which threads to highlight (resolving their anchors now) and which one is selected. */
export function setHighlightedThreads(
  editor: Editor,
  threads: HighlightedThread[],
  activeId: string | null,
): void {
  const meta: HighlightMeta = { threads, activeId };
  editor.view.dispatch(editor.state.tr.setMeta(key, meta).setMeta('addToHistory', false));
}

/** Where each thread's range stands in the editor's document (null: its text was deleted). */
export function threadRanges(state: EditorState): ReadonlyMap<string, ThreadRange> {
  return key.getState(state)?.ranges ?? new Map();
}
