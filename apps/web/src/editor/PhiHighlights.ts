import { Extension } from '@tiptap/core';
import type { Editor } from '@tiptap/core';
import { detectPhi, phiKindLabel, type PhiFinding } from '@rounds/phi';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

/** A likely identifier in the live draft, as the submit panel lists it (masked, like the server's). */
export interface LiveFinding {
  kind: string;
  excerpt: string;
  blockId: string;
}

interface PhiState {
  findings: LiveFinding[];
  decorations: DecorationSet;
  allowNames: string[];
}

interface BlockFinding extends PhiFinding {
  from: number;
  to: number;
}

const key = new PluginKey<PhiState>('roundsPhi');
/** Pause after the last keystroke before looking again: typing never waits for the detector. */
const DEBOUNCE_MS = 250;
/** Live checks read at most this much of one block; the server reads every character. */
const LIVE_BLOCK_LIMIT = 50_000;

// Nodes are immutable and reused across edits: each unchanged block is read once per allow list.
let cache = new WeakMap<PMNode, BlockFinding[]>();

function blockFindings(block: PMNode, allowNames: string[]): BlockFinding[] {
  const cached = cache.get(block);
  if (cached) return cached;
  let text = '';
  const offsets: number[] = [];
  block.forEach((child, offset) => {
    if (text.length >= LIVE_BLOCK_LIMIT) return;
    if (child.isText) {
      const t = (child.text ?? '').slice(0, LIVE_BLOCK_LIMIT - text.length);
      for (let i = 0; i < t.length; i++) offsets.push(offset + i);
      text += t;
    } else {
      // Citations and breaks read as a space, so words on either side stay apart.
      offsets.push(offset);
      text += ' ';
    }
  });
  const found: BlockFinding[] = [];
  for (const f of detectPhi(text, { allowNames })) {
    const from = offsets[f.start];
    const last = offsets[f.end - 1];
    if (from !== undefined && last !== undefined) found.push({ ...f, from, to: last + 1 });
  }
  cache.set(block, found);
  return found;
}

function compute(doc: PMNode, allowNames: string[]): PhiState {
  const decorations: Decoration[] = [];
  const findings: LiveFinding[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    for (const f of blockFindings(node, allowNames)) {
      const label = phiKindLabel(f.kind);
      decorations.push(
        Decoration.inline(pos + 1 + f.from, pos + 1 + f.to, {
          class: 'phi-flag',
          title: `Possible patient identifier: ${label}`,
          'data-phi-kind': f.kind,
        }),
      );
      findings.push({ kind: f.kind, excerpt: f.excerpt, blockId: String(node.attrs.id ?? '') });
    }
    return false;
  });
  return { findings, decorations: DecorationSet.create(doc, decorations), allowNames };
}

interface PhiMeta {
  recompute?: true;
  allowNames?: string[];
}

/**
 * Red underlines under likely patient identifiers as the student types (the same detector as the
 * server's guard), with the kind on hover; recomputed after a pause, mapped in between.
 */
export const PhiHighlights = Extension.create({
  name: 'phiHighlights',

  addProseMirrorPlugins() {
    return [
      new Plugin<PhiState>({
        key,
        state: {
          init: (_config, state) => compute(state.doc, []),
          apply: (tr, previous, _old, newState) => {
            const meta = tr.getMeta(key) as PhiMeta | undefined;
            if (meta?.allowNames) {
              cache = new WeakMap();
              return compute(newState.doc, meta.allowNames);
            }
            if (meta?.recompute) return compute(newState.doc, previous.allowNames);
            if (!tr.docChanged) return previous;
            return { ...previous, decorations: previous.decorations.map(tr.mapping, tr.doc) };
          },
        },
        props: { decorations: (state) => key.getState(state)?.decorations },
        view: () => {
          let timer: ReturnType<typeof setTimeout> | undefined;
          return {
            update: (view, before) => {
              if (view.state.doc.eq(before.doc)) return;
              clearTimeout(timer);
              timer = setTimeout(() => {
                if (!view.isDestroyed)
                  view.dispatch(view.state.tr.setMeta(key, { recompute: true } satisfies PhiMeta));
              }, DEBOUNCE_MS);
            },
            destroy: () => clearTimeout(timer),
          };
        },
      }),
    ];
  },
});

/** Names never underlined: the page's reference authors and the people working on it. */
export function setPhiAllowNames(editor: Editor, names: string[]): void {
  const current = key.getState(editor.state)?.allowNames ?? [];
  if (current.length === names.length && current.every((n, i) => n === names[i])) return;
  editor.view.dispatch(editor.state.tr.setMeta(key, { allowNames: names } satisfies PhiMeta));
}

/** Likely identifiers in the editor's document, as of the last pause in typing. */
export function phiFindings(state: EditorState): LiveFinding[] {
  return key.getState(state)?.findings ?? [];
}
