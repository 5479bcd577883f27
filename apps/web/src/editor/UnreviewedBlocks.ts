import { Extension } from '@tiptap/core';
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { PublishedBlocks } from '../review/reviewTypes.ts';
import { reviewableBlocks, unreviewedBlocks } from './reviewableBlocks.ts';

interface UnreviewedState {
  /** Block id → hash of the published revision; null until loaded (then nothing is marked). */
  published: ReadonlyMap<string, string> | null;
  visible: boolean;
  /** Unreviewed blocks in the live draft, or null while the published blocks are unknown. */
  count: number | null;
  decorations: DecorationSet;
}

interface UnreviewedMeta {
  published?: ReadonlyMap<string, string> | null;
  visible?: boolean;
}

const key = new PluginKey<UnreviewedState>('roundsUnreviewedBlocks');

function compute(doc: PMNode, published: UnreviewedState['published'], visible: boolean): UnreviewedState {
  if (!published) return { published, visible, count: null, decorations: DecorationSet.empty };
  const unreviewed = unreviewedBlocks(reviewableBlocks(doc), published);
  const decorations = visible
    ? DecorationSet.create(
        doc,
        unreviewed.map((block) =>
          Decoration.node(block.pos, block.pos + block.node.nodeSize, {
            class: 'is-unreviewed',
            'data-unreviewed': 'true',
          }),
        ),
      )
    : DecorationSet.empty;
  return { published, visible, count: unreviewed.length, decorations };
}

/**
 * Marks blocks of the live draft that differ from the published revision with a quiet left-margin
 * line, recomputed as anyone types (local or remote). Feed it with `setPublishedBlocks`.
 */
export const UnreviewedBlocks = Extension.create({
  name: 'unreviewedBlocks',

  addProseMirrorPlugins() {
    return [
      new Plugin<UnreviewedState>({
        key,
        state: {
          init: () => ({ published: null, visible: true, count: null, decorations: DecorationSet.empty }),
          apply(tr, previous, _oldState, newState) {
            const meta = tr.getMeta(key) as UnreviewedMeta | undefined;
            if (!meta && !tr.docChanged) return previous;
            const published = meta && 'published' in meta ? (meta.published ?? null) : previous.published;
            const visible = meta?.visible ?? previous.visible;
            return compute(newState.doc, published, visible);
          },
        },
        props: {
          decorations: (state) => key.getState(state)?.decorations,
        },
      }),
    ];
  },
});

/** Give the editor the published revision's block hashes (null: unknown, mark nothing). */
export function setPublishedBlocks(editor: Editor, published: PublishedBlocks | null): void {
  const map = published ? new Map(published.blocks.map((b) => [b.id, b.hash])) : null;
  const meta: UnreviewedMeta = { published: map };
  editor.view.dispatch(editor.state.tr.setMeta(key, meta).setMeta('addToHistory', false));
}

/** Show or hide the margin marks; the count stays available either way. */
export function setUnreviewedVisible(editor: Editor, visible: boolean): void {
  const meta: UnreviewedMeta = { visible };
  editor.view.dispatch(editor.state.tr.setMeta(key, meta).setMeta('addToHistory', false));
}

/** Number of unreviewed blocks in the editor's document, or null while unknown. */
export function unreviewedCount(state: EditorState): number | null {
  return key.getState(state)?.count ?? null;
}
