import { Extension } from '@tiptap/core';
import { isClinicalClaim, splitSentences } from '@rounds/editor';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

/** A claim's range inside its textblock, relative to the block's content start. */
interface ClaimRange {
  from: number;
  to: number;
}

interface NeededState {
  count: number;
  decorations: DecorationSet;
}

const key = new PluginKey<NeededState>('roundsCitationNeeded');

// Nodes are immutable and reused across edits, so each unchanged block is analysed only once.
const cache = new WeakMap<PMNode, ClaimRange[]>();

/**
 * Clinical claims of one textblock, unless the block cites something; the same rules as the
 * server's `findUncitedClaims` (text with hard breaks as spaces, citations excluded).
 */
function blockClaims(block: PMNode): ClaimRange[] {
  const cached = cache.get(block);
  if (cached) return cached;
  let text = '';
  const offsets: number[] = [];
  let cited = false;
  block.forEach((child, offset) => {
    if (child.type.name === 'citation') cited = true;
    else if (child.isText) {
      for (let i = 0; i < (child.text ?? '').length; i++) offsets.push(offset + i);
      text += child.text ?? '';
    } else if (child.type.name === 'hardBreak') {
      offsets.push(offset);
      text += ' ';
    }
  });
  const ranges: ClaimRange[] = [];
  if (!cited) {
    let cursor = 0;
    for (const sentence of splitSentences(text)) {
      const start = text.indexOf(sentence, cursor);
      if (start < 0) continue;
      cursor = start + sentence.length;
      const from = offsets[start];
      const last = offsets[cursor - 1];
      if (isClinicalClaim(sentence) && from !== undefined && last !== undefined) {
        ranges.push({ from, to: last + 1 });
      }
    }
  }
  cache.set(block, ranges);
  return ranges;
}

function compute(doc: PMNode): NeededState {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    for (const range of blockClaims(node)) {
      decorations.push(
        Decoration.inline(pos + 1 + range.from, pos + 1 + range.to, {
          class: 'citation-needed',
          title: 'Citation needed',
        }),
      );
    }
    return false;
  });
  return { count: decorations.length, decorations: DecorationSet.create(doc, decorations) };
}

/** Quietly underlines sentences that make clinical claims in blocks that cite nothing. */
export const CitationNeeded = Extension.create({
  name: 'citationNeeded',

  addProseMirrorPlugins() {
    return [
      new Plugin<NeededState>({
        key,
        state: {
          init: (_config, state) => compute(state.doc),
          apply: (tr, previous, _old, newState) => (tr.docChanged ? compute(newState.doc) : previous),
        },
        props: { decorations: (state) => key.getState(state)?.decorations },
      }),
    ];
  },
});

/** Number of clinical claims without a citation in the editor's document. */
export function uncitedClaimCount(state: EditorState): number {
  return key.getState(state)?.count ?? 0;
}
