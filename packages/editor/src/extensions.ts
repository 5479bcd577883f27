import { combineTransactionSteps, Extension, getChangedRanges, type Extensions } from '@tiptap/core';
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { AddMarkStep, AttrStep } from '@tiptap/pm/transform';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { UniqueID } from '@tiptap/extension-unique-id';
import { Citation } from './Citation.ts';
import { Image } from './Image.ts';
import { fitMarkAttrs, fitNodeAttrs, MAX_HREF_LENGTH } from './attributeLimits.ts';

/** Node types that carry a stable block id (attribute `id`), used to diff and review block by block. */
export const BLOCK_ID_TYPES = [
  'paragraph',
  'heading',
  'blockquote',
  'codeBlock',
  'bulletList',
  'orderedList',
  'listItem',
  'horizontalRule',
  'table',
  'tableRow',
  'tableCell',
  'tableHeader',
  'image',
] as const;

/** Name of the Y.XmlFragment holding the Tiptap document (fixed by the public contract). */
export const DOCUMENT_FIELD = 'default';

/** Link protocols allowed anywhere in Rounds; `javascript:` and friends are never among them. */
export const ALLOWED_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

/**
 * The editor never holds attribute values past the bounds the collaboration server enforces
 * (attributeLimits.ts), so an honest edit is never refused. Pasted and dropped content comes in
 * with the attributes of wherever it was copied from (a link's `class` from a styled site, a 5 kB
 * tracking URL): fitted before it lands. Whatever else brings such a value into the changed part of
 * the document (a draft stored before the bounds, arriving from Yjs, which y-prosemirror would
 * write again on Enter inside it) is fitted right after, outside the undo history. A link whose
 * href is too long stays as its text, as every reader already shows it.
 */
const BoundedAttributes = Extension.create({
  name: 'boundedAttributes',
  addProseMirrorPlugins() {
    return [boundedAttributesPlugin()];
  },
});

export function boundedAttributesPlugin(): Plugin {
  return new Plugin({
    key: new PluginKey('boundedAttributes'),
    props: { transformPasted: fitPasted },
    appendTransaction: (transactions, oldState, newState) => {
      if (!transactions.some((t) => t.docChanged)) return null;
      const transform = combineTransactionSteps(oldState.doc, [...transactions]);
      const ranges = getChangedRanges(transform).map((r) => r.newRange);
      // Mark and attribute steps change no positions, so changed ranges miss them.
      transform.steps.forEach((step, i) => {
        const rest = transform.mapping.slice(i + 1);
        if (step instanceof AddMarkStep)
          ranges.push({ from: rest.map(step.from, -1), to: rest.map(step.to, 1) });
        else if (step instanceof AttrStep)
          ranges.push({ from: rest.map(step.pos, -1), to: rest.map(step.pos, 1) + 1 });
      });
      const tr = newState.tr;
      const size = newState.doc.content.size;
      for (const { from, to } of ranges) {
        newState.doc.nodesBetween(Math.max(0, from), Math.min(size, to), (node, pos) => {
          for (const mark of node.marks) {
            const attrs = fitMarkAttrs(mark.type.name, mark.attrs);
            if (attrs === mark.attrs) continue;
            tr.removeMark(pos, pos + node.nodeSize, mark);
            if (attrs !== null) tr.addMark(pos, pos + node.nodeSize, mark.type.create(attrs));
          }
          if (!node.isText) {
            const attrs = fitNodeAttrs(node.attrs);
            if (attrs !== node.attrs) tr.setNodeMarkup(pos, undefined, attrs, node.marks);
          }
        });
      }
      return tr.docChanged ? tr.setMeta('addToHistory', false) : null;
    },
  });
}

/** A pasted slice with attributes fitted to the bounds (see BoundedAttributes). */
export function fitPasted(slice: Slice): Slice {
  return new Slice(fitFragment(slice.content), slice.openStart, slice.openEnd);
}

function fitFragment(fragment: Fragment): Fragment {
  const nodes: PMNode[] = [];
  fragment.forEach((node) => nodes.push(fitNode(node)));
  return Fragment.from(nodes);
}

function fitNode(node: PMNode): PMNode {
  const marks = node.marks.flatMap((mark) => {
    const attrs = fitMarkAttrs(mark.type.name, mark.attrs);
    if (attrs === null) return [];
    return attrs === mark.attrs ? [mark] : [mark.type.create(attrs)];
  });
  if (node.isText) return node.mark(marks);
  const attrs = fitNodeAttrs(node.attrs);
  return node.type.create(attrs, fitFragment(node.content), marks);
}

export interface RoundsExtensionOptions {
  /** True when a collaboration extension provides undo/redo (y-undo) instead of ProseMirror history. */
  collaborative?: boolean;
  /** False on the server and for read-only renders: never write generated ids into the document. */
  assignBlockIds?: boolean;
}

/**
 * The one schema of Rounds documents, shared by the web editor and the server (materialization,
 * HTML rendering). Every later node (citations, …) is added here so both sides agree.
 */
export function roundsExtensions(options: RoundsExtensionOptions = {}): Extensions {
  const { collaborative = false, assignBlockIds = true } = options;
  return [
    StarterKit.configure({
      undoRedo: collaborative ? false : undefined,
      link: {
        openOnClick: false,
        autolink: true,
        protocols: [],
        defaultProtocol: 'https',
        isAllowedUri: (url, ctx) =>
          ctx.defaultValidate(url) && isSafeHref(url) && url.length <= MAX_HREF_LENGTH,
        shouldAutoLink,
      },
    }),
    TableKit.configure({ table: { resizable: false } }),
    Citation,
    Image,
    BoundedAttributes,
    UniqueID.configure({
      types: [...BLOCK_ID_TYPES],
      attributeName: 'id',
      updateDocument: assignBlockIds,
    }),
  ];
}

/**
 * Tiptap's default autolink rule, and no autolink past the href bound: autolinking and pasting a
 * URL over a selection skip `isAllowedUri`, and add a scheme to what was typed ("www.…" →
 * "http://www.…"), hence the room left.
 */
function shouldAutoLink(url: string): boolean {
  if (url.length > MAX_HREF_LENGTH - 16) return false;
  // As in @tiptap/extension-link 3.x: explicit protocols link, unless `@` comes first (userinfo).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || (/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.includes('@')))
    return true;
  const hostname = (url.includes('@') ? (url.split('@').pop() ?? '') : url).split(/[/?#:]/)[0] ?? '';
  // No IP addresses without a protocol, no single-word hosts ("localhost").
  return !/^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) && hostname.includes('.');
}

/**
 * True for a link href the published HTML keeps as a link: a string of at most 2,048 characters
 * that is http(s), mailto or relative to this site (a path or fragment; not `//other.host`, which
 * browsers read as another site, also spelt with backslashes). Anything else is shown as its text.
 */
export function isRenderableHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length > MAX_HREF_LENGTH || !isSafeHref(href)) return false;
  // eslint-disable-next-line no-control-regex
  const cleaned = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return !/^[/\\]{2}/.test(cleaned);
}

/** True for hrefs Rounds will ever render: http(s), mailto, or relative/fragment links. */
export function isSafeHref(href: string): boolean {
  // Browsers ignore control characters and whitespace inside schemes ("java\tscript:"), so strip them first.
  // eslint-disable-next-line no-control-regex
  const cleaned = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(cleaned);
  if (!scheme) return true;
  return (ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(scheme[1] ?? '');
}
