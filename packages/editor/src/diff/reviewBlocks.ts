import type { JSONContent } from '@tiptap/core';
import { imageAlt, imageText } from '../Image.ts';
import { isImageId } from '../attributeLimits.ts';
import type { BlockAttrs } from './types.ts';

const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);
const LEAF_BLOCKS = new Set(['horizontalRule', 'image']);
const LISTS: Record<string, string> = { bulletList: 'bullet', orderedList: 'ordered', taskList: 'task' };

/**
 * True for a textblock with no content: the trailing paragraph the editor keeps, a blank line. It
 * says nothing, so it is never a change nor unreviewed (the same rule as `isReviewableNode`).
 */
export function isEmptyTextblock(node: JSONContent): boolean {
  return TEXTBLOCKS.has(node.type ?? '') && (node.content?.length ?? 0) === 0;
}

/** A reviewable block of a document (ProseMirror JSON) with where it stands. */
export interface ReviewBlock {
  /** The block id, made unique ("id#2") when a document repeats one, or "#n" when it has none. */
  key: string;
  id: string;
  attrs: BlockAttrs;
  /** Position words that do not count as a change ("item 2", "row 3, column 1"), innermost last. */
  position: Position | null;
  inline: JSONContent[];
  text: string;
  /** Canonical form of what the block says and where it stands, to tell changed blocks apart. */
  signature: string;
}

/**
 * Where a block stands, as a chain from the innermost position out: shared by the blocks of a
 * list or cell, so deep nesting costs one link per level, not a copied array per block.
 */
export interface Position {
  parent: Position | null;
  word: string;
}

interface Context {
  list: string[];
  /** `list` as JSON, made once per list rather than once per block (deep lists stay linear). */
  listKey: string;
  start?: number;
  checked?: boolean;
  quote: number;
  cell?: Pick<BlockAttrs, 'cell' | 'colspan' | 'rowspan'>;
  position: Position | null;
}

/** Nodes walked between chances to pause (see `walkBlocks`). */
const SLICE = 512;

/** The blocks a reviewer reads, in document order: non-empty textblocks and horizontal rules. */
export function reviewBlocks(doc: JSONContent | null): ReviewBlock[] {
  const walk = walkBlocks(doc);
  let step = walk.next();
  while (!step.done) step = walk.next();
  return step.value;
}

/**
 * `reviewBlocks` as a walk that pauses (yields) every few hundred nodes, so a caller can let other
 * work run between slices (`diffDocumentsYielding`). Iterative, in document order.
 */
export function* walkBlocks(doc: JSONContent | null): Generator<void, ReviewBlock[]> {
  const blocks: ReviewBlock[] = [];
  if (!doc) return blocks;
  const seen = new Map<string, number>();
  let tables = 0;
  const root: Context = {
    list: [],
    listKey: '[]',
    start: undefined,
    checked: undefined,
    quote: 0,
    cell: undefined,
    position: null,
  };
  const stack: [JSONContent, Context][] = [[doc, root]];
  /** Children are pushed last first, so they are taken in document order. */
  const pushAll = (children: JSONContent[], ctxOf: (child: JSONContent, i: number) => Context): void => {
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push([child, ctxOf(child, i)]);
    }
  };
  let walked = 0;
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (++walked % SLICE === 0) yield;
    const [node, ctx] = top;
    const type = node.type ?? '';
    if (TEXTBLOCKS.has(type) || LEAF_BLOCKS.has(type)) {
      if (isEmptyTextblock(node)) continue;
      const id = typeof node.attrs?.id === 'string' ? node.attrs.id : '';
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      const key = id === '' ? `#${blocks.length}` : n === 1 ? id : `${id}#${n}`;
      const attrs = blockAttrs(node, ctx);
      const inline = node.content ?? [];
      blocks.push({
        key,
        id,
        attrs,
        position: ctx.position,
        inline,
        text: type === 'image' ? imageText(node.attrs?.alt) : inlineText(inline),
        signature: signature(attrs, ctx.listKey, inline),
      });
      continue;
    }
    const children = node.content ?? [];
    if (type in LISTS) {
      const list = [...ctx.list, LISTS[type] ?? type];
      const listKey = JSON.stringify(list);
      const start = type === 'orderedList' && typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
      pushAll(children, (child, i) => ({
        list,
        listKey,
        start: start !== 1 ? start : undefined,
        checked: typeof child.attrs?.checked === 'boolean' ? child.attrs.checked : undefined,
        quote: ctx.quote,
        cell: ctx.cell,
        position: {
          parent: ctx.position,
          word: `${list.length > 1 ? `level ${list.length} ` : ''}item ${start + i}`,
        },
      }));
      continue;
    }
    if (type === 'blockquote') {
      const quoted = { ...ctx, quote: ctx.quote + 1 };
      pushAll(children, () => quoted);
      continue;
    }
    if (type === 'table') {
      tables++;
      const table = tables;
      const cells: { cell: JSONContent; r: number; c: number }[] = [];
      children.forEach((row, r) => (row.content ?? []).forEach((cell, c) => cells.push({ cell, r, c })));
      const at = cells.map((x) => x.cell);
      pushAll(at, (cell, i) => ({
        ...ctx,
        cell: {
          cell: cell.type === 'tableHeader' ? 'header' : 'cell',
          colspan: numberAttr(cell, 'colspan'),
          rowspan: numberAttr(cell, 'rowspan'),
        },
        position: {
          parent: ctx.position,
          word: `table ${table}, row ${(cells[i]?.r ?? 0) + 1}, column ${(cells[i]?.c ?? 0) + 1}`,
        },
      }));
      continue;
    }
    // Cells, list items, the doc, and any node type added later: their children, same context.
    pushAll(children, () => ctx);
  }
  return blocks;
}

function numberAttr(node: JSONContent, name: string): number {
  const v: unknown = node.attrs?.[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : 1;
}

function blockAttrs(node: JSONContent, ctx: Context): BlockAttrs {
  const attrs: BlockAttrs = { type: node.type ?? '' };
  if (node.type === 'heading') attrs.level = typeof node.attrs?.level === 'number' ? node.attrs.level : 1;
  if (node.type === 'codeBlock')
    attrs.language = typeof node.attrs?.language === 'string' ? node.attrs.language : null;
  if (node.type === 'image') {
    attrs.imageId = isImageId(node.attrs?.imageId) ? node.attrs.imageId : null;
    attrs.alt = imageAlt(node.attrs?.alt);
  }
  if (ctx.list.length > 0) attrs.list = ctx.list;
  if (ctx.start !== undefined) attrs.start = ctx.start;
  if (ctx.checked !== undefined) attrs.checked = ctx.checked;
  if (ctx.cell) Object.assign(attrs, ctx.cell);
  if (ctx.quote > 0) attrs.quote = ctx.quote;
  return attrs;
}

/** What a block says and where it stands, as one string (its list kinds as made once per list). */
function signature(attrs: BlockAttrs, listKey: string, inline: JSONContent[]): string {
  const a = attrs;
  const head = [
    a.type,
    a.level,
    a.language,
    a.start,
    a.checked,
    a.cell,
    a.colspan,
    a.rowspan,
    a.quote,
    a.imageId,
    a.alt,
  ];
  const cites = inline.some((n) => n.type === 'citation');
  return `${JSON.stringify(head)}${listKey}${JSON.stringify(cites ? inline.map(stripInline) : inline)}`;
}

/** An inline node without the attributes that do not show (render-only labels). */
function stripInline(node: JSONContent): JSONContent {
  if (node.type !== 'citation') return node;
  const { label: _label, ...attrs } = node.attrs ?? {};
  return { ...node, attrs };
}

/** Plain text of inline content, as block fingerprints give it (citations add nothing). */
export function inlineText(inline: JSONContent[]): string {
  let text = '';
  for (const node of inline) {
    if (node.type === 'text') text += node.text ?? '';
    else if (node.type === 'hardBreak') text += '\n';
  }
  return text;
}

const TYPE_WORDS: Record<string, string> = {
  paragraph: 'Paragraph',
  codeBlock: 'Code block',
  horizontalRule: 'Horizontal rule',
  image: 'Image',
};

/** The block's kind in words: "Heading 2", "Code block (python)", "Paragraph". */
export function blockKind(attrs: BlockAttrs): string {
  if (attrs.type === 'heading') return `Heading ${attrs.level ?? 1}`;
  if (attrs.type === 'codeBlock' && attrs.language) return `Code block (${attrs.language})`;
  return TYPE_WORDS[attrs.type] ?? attrs.type;
}

const LIST_WORDS: Record<string, string> = {
  bullet: 'bullet list',
  ordered: 'numbered list',
  task: 'task list',
};

/** Where a block stands, in words: "Paragraph in bullet list, item 2", "Paragraph in table 1, row 2, column 1 (header)". */
export function blockWhere(block: Pick<ReviewBlock, 'attrs' | 'position'>): string {
  const { attrs } = block;
  const parts: string[] = [];
  if (attrs.quote) parts.push(attrs.quote > 1 ? `quote (${attrs.quote} deep)` : 'quote');
  if (attrs.list?.length) {
    const inner = attrs.list[attrs.list.length - 1] ?? '';
    parts.push(LIST_WORDS[inner] ?? `${inner} list`);
  }
  const position: string[] = [];
  for (let p = block.position; p; p = p.parent) position.push(p.word);
  const where = [...parts, ...position.reverse()].join(', ');
  const extras: string[] = [];
  if (attrs.cell === 'header') extras.push('header');
  if ((attrs.colspan ?? 1) > 1 || (attrs.rowspan ?? 1) > 1)
    extras.push(`spans ${attrs.colspan ?? 1}×${attrs.rowspan ?? 1}`);
  if (attrs.checked !== undefined) extras.push(attrs.checked ? 'done' : 'not done');
  const kind = blockKind(attrs);
  return `${kind}${where ? ` in ${where}` : ''}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}
