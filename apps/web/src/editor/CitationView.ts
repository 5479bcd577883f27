import { Citation, citedOrder } from '@rounds/editor';
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Decoration as PMDecoration } from '@tiptap/pm/view';

/** Reference id → its Vancouver text; null while the page's references are loading. */
export type KnownReferences = ReadonlyMap<string, string> | null;

interface CitationState {
  references: KnownReferences;
  /** Reference ids in order of first citation in the live document. */
  order: string[];
  decorations: DecorationSet;
}

interface LabelSpec {
  citationLabel: string;
  citationTitle: string;
}

const key = new PluginKey<CitationState>('roundsCitationNumbers');

function citationNodes(doc: PMNode): { pos: number; refIds: string[] }[] {
  const found: { pos: number; refIds: string[] }[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name !== 'citation') return true;
    const ids: unknown = node.attrs.refIds;
    found.push({
      pos,
      refIds: Array.isArray(ids) ? ids.filter((i): i is string => typeof i === 'string') : [],
    });
    return false;
  });
  return found;
}

function compute(doc: PMNode, references: KnownReferences): CitationState {
  const nodes = citationNodes(doc);
  // The shared rule: numbers follow the first citation of each reference.
  const order = citedOrder({
    type: 'doc',
    content: nodes.map((n) => ({ type: 'citation', attrs: { refIds: n.refIds } })),
  });
  const numbers = new Map(
    order.filter((id) => references?.has(id) ?? false).map((id, i) => [id, i + 1] as const),
  );
  const decorations = nodes.map(({ pos, refIds }) => {
    const spec: LabelSpec = { citationLabel: '…', citationTitle: 'Loading references…' };
    if (references) {
      const unknown = refIds.length === 0 || refIds.some((id) => !numbers.has(id));
      spec.citationLabel = unknown
        ? '?'
        : refIds
            .map((id) => numbers.get(id) ?? 0)
            .sort((a, b) => a - b)
            .join(',');
      spec.citationTitle = unknown
        ? 'This citation points at a reference the page does not have.'
        : refIds
            .map((id) => `[${numbers.get(id) ?? '?'}] ${references.get(id) ?? ''}`)
            .sort()
            .join('\n');
    }
    return Decoration.node(pos, pos + 1, {}, spec);
  });
  return { references, order, decorations: DecorationSet.create(doc, decorations) };
}

function specOf(decorations: readonly PMDecoration[]): LabelSpec | null {
  for (const d of decorations) {
    const spec = d.spec as Partial<LabelSpec>;
    if (typeof spec.citationLabel === 'string' && typeof spec.citationTitle === 'string') {
      return { citationLabel: spec.citationLabel, citationTitle: spec.citationTitle };
    }
  }
  return null;
}

export interface CitationViewOptions {
  /** Mod-Shift-C: open the citation picker. */
  onCite: () => void;
}

/**
 * The shared `citation` node drawn as Vancouver numbers ("[1,3]") that follow the live document,
 * with the formatted references on hover; unknown ids show "[?]". Feed it `setCitationReferences`.
 */
export const CitationView = Citation.extend<CitationViewOptions>({
  addOptions() {
    return { onCite: () => undefined };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Shift-c': () => {
        this.options.onCite();
        return true;
      },
    };
  },

  addNodeView() {
    return ({ decorations }) => {
      const dom = document.createElement('sup');
      dom.className = 'citation';
      dom.setAttribute('data-citation', '');
      const render = (decos: readonly PMDecoration[]) => {
        const spec = specOf(decos) ?? { citationLabel: '?', citationTitle: '' };
        dom.textContent = `[${spec.citationLabel}]`;
        dom.title = spec.citationTitle;
        dom.classList.toggle('citation--unknown', spec.citationLabel === '?');
      };
      render(decorations);
      return {
        dom,
        update: (node, decos) => {
          if (node.type.name !== 'citation') return false;
          render(decos);
          return true;
        },
        ignoreMutation: () => true,
      };
    };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin<CitationState>({
        key,
        state: {
          init: (_config, state) => compute(state.doc, null),
          apply(tr, previous, _oldState, newState) {
            const meta = tr.getMeta(key) as { references: KnownReferences } | undefined;
            if (!meta && !tr.docChanged) return previous;
            return compute(newState.doc, meta ? meta.references : previous.references);
          },
        },
        props: { decorations: (state) => key.getState(state)?.decorations },
      }),
    ];
  },
});

/** Give the editor the page's references (id → Vancouver text) so citations show their numbers. */
export function setCitationReferences(editor: Editor, references: KnownReferences): void {
  editor.view.dispatch(editor.state.tr.setMeta(key, { references }).setMeta('addToHistory', false));
}

/** Reference ids in citation order in the editor's live document. */
export function liveCitedOrder(state: EditorState): string[] {
  return key.getState(state)?.order ?? [];
}
