import { getSchema, type JSONContent } from '@tiptap/core';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { BLOCK_ID_TYPES, DOCUMENT_FIELD, roundsExtensions } from './extensions.ts';
import { blockFingerprints, hashContent, type BlockFingerprint } from './fingerprint.ts';
import { findUncitedClaims, type UncitedClaim } from './claims.ts';
import { citationUses } from './citations.ts';
import { isJsonValue } from './jsonValue.ts';
import { imageText } from './Image.ts';
import { CELL_TYPES, fitCellAttrs } from './tableAttrs.ts';
import { fitMarkAttrs, fitNodeAttrs, jsonSize } from './attributeLimits.ts';

export type Block = BlockFingerprint;

export interface Materialized {
  doc: JSONContent;
  text: string;
  blocks: Block[];
  /** Hash of the whole document's content, block ids excluded. */
  contentHash: string;
  /** Citation nodes in document order, with their block. */
  citations: CitationUse[];
  /** Sentences with clinical claims in blocks that cite nothing. */
  uncitedClaims: UncitedClaim[];
}

export interface CitationUse {
  blockId: string;
  refIds: string[];
  excerpt: string;
}

let cachedSchema: Schema | undefined;

/** The ProseMirror schema of Rounds documents, built once from the shared extensions. */
export function roundsSchema(): Schema {
  cachedSchema ??= getSchema(roundsExtensions({ assignBlockIds: false }));
  return cachedSchema;
}

const ID_TYPES: ReadonlySet<string> = new Set(BLOCK_ID_TYPES);
/**
 * Deepest node nesting materialized; deeper content is left out. The schema needs about 20 levels
 * and the collaboration server refuses updates nesting deeper than this, so only a document
 * written before that check (or straight into storage) reaches it — and must not overflow the
 * stack of this or any later recursive reader (ProseMirror's, the HTML renderer's).
 */
export const MAX_MATERIALIZED_DEPTH = 40;
const HASH_CHARS = /^[a-zA-Z0-9+/=]{8}$/;

/**
 * The mark type of a Yjs format key: y-prosemirror encodes overlapping marks of one type as
 * `<mark>--<8-char hash>`. Checked by position, not with y-prosemirror's `/(.*)(--…{8})$/`, which
 * backtracks quadratically on a long key of dashes (a 30 kB key held every draft read for seconds).
 */
export function markTypeOf(key: string): string {
  if (key.length > 10 && key.charCodeAt(key.length - 10) === 45 && key.charCodeAt(key.length - 9) === 45) {
    const hash = key.slice(-8);
    if (HASH_CHARS.test(hash)) return key.slice(0, -10);
  }
  return key;
}

/**
 * How much ProseMirror JSON (characters, as estimated by `jsonSize`) a document may materialize
 * to: 2 M plus 8 per byte of its Yjs state, at most 32 M. Honest documents come out at 0.7–1.3×
 * their Yjs size (y-prosemirror writes a mark's attributes with every text node, as the JSON
 * does); a Yjs state that formats a long run once and toggles marks inside it is the only way to
 * much more (a 20 kB href over 2,000 words: 97 kB → 41 MB), and that is where the budget cuts.
 */
export const MATERIALIZE_BASE_CHARS = 2_000_000;
export const MATERIALIZE_CHARS_PER_YJS_BYTE = 8;
export const MAX_MATERIALIZED_CHARS = 32_000_000;

export function materializeBudget(yjsBytes: number): number {
  return Math.min(MAX_MATERIALIZED_CHARS, MATERIALIZE_BASE_CHARS + MATERIALIZE_CHARS_PER_YJS_BYTE * yjsBytes);
}

/** Text of the paragraph that ends a document cut at its budget (id `rounds-truncated`). */
export const TRUNCATED_MARKER = '[The rest of this document is too large to show.]';
export const TRUNCATED_BLOCK_ID = 'rounds-truncated';

/** Materializes an encoded Yjs state (e.g. a stored snapshot) without touching any live document. */
export function materializeState(state: Uint8Array): Materialized {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  try {
    return materializeFragment(ydoc.getXmlFragment(DOCUMENT_FIELD), materializeBudget(state.byteLength));
  } finally {
    ydoc.destroy();
  }
}

/**
 * Turns the Tiptap fragment of a Yjs document into ProseMirror JSON, plain text and blocks with
 * stable ids. Reads only; never mutates the fragment, so it is safe on a live document.
 *
 * Blocks written without an id (by a client that is not our editor), or with an id another block
 * already holds, get one derived from their Yjs item id: stable across edits and on every server.
 */
export function materializeFragment(fragment: Y.XmlFragment, budget?: number): Materialized {
  const schema = roundsSchema();
  let root: PMNode;
  try {
    const seen = new Set<string>();
    const json: JSONContent = {
      type: 'doc',
      content: fragment.toArray().flatMap((c) =>
        // Text straight in the root (no editor writes it; any client can) becomes a paragraph.
        c instanceof Y.XmlText ? asParagraph(toJSON(c, schema, seen, 1)) : toJSON(c, schema, seen, 1),
      ),
    };
    root = schema.nodeFromJSON(json);
    root.check();
  } catch {
    // y-prosemirror's converter recurses without a limit: only for documents of bounded depth.
    root =
      (fragmentDepth(fragment) <= MAX_MATERIALIZED_DEPTH ? lenientRoot(fragment, schema) : null) ??
      textRoot(fragment, schema);
  }
  root = withinBudget(root, schema, budget ?? materializeBudget(encodedSize(fragment.doc)));
  const doc = root.toJSON() as JSONContent;
  return {
    doc,
    text: root.textBetween(0, root.content.size, '\n\n', leafText),
    blocks: blockFingerprints(root),
    contentHash: hashContent(doc),
    citations: citationUses(doc),
    uncitedClaims: findUncitedClaims(doc),
  };
}

/** Leaf nodes in the text: an image as its alt text (`imageText`), any other (breaks, rules) a newline. */
const leafText = (node: PMNode): string => (node.type.name === 'image' ? imageText(node.attrs.alt) : '\n');

/** Encoded size of a document; one that does not encode (values JSON cannot hold) gets the ceiling. */
function encodedSize(doc: Y.Doc | null): number {
  if (doc === null) return 0;
  try {
    return Y.encodeStateAsUpdate(doc).byteLength;
  } catch {
    return MAX_MATERIALIZED_CHARS;
  }
}

function toJSON(
  item: Y.XmlElement | Y.XmlText | Y.XmlHook,
  schema: Schema,
  seen: Set<string>,
  depth: number,
): JSONContent[] {
  if (depth >= MAX_MATERIALIZED_DEPTH && item instanceof Y.XmlElement) {
    // Too deep to keep its structure: keep its text, as one paragraph.
    const text = flatText(item);
    return text.length > 0 ? [{ type: 'paragraph', content: [{ type: 'text', text }] }] : [];
  }
  if (item instanceof Y.XmlText) {
    const delta = item.toDelta() as {
      insert: unknown;
      attributes?: Record<string, Record<string, unknown>>;
    }[];
    return delta
      .filter(
        (d): d is { insert: string; attributes?: Record<string, Record<string, unknown>> } =>
          typeof d.insert === 'string' && d.insert.length > 0,
      )
      .map((d) => {
        const marks = Object.entries(d.attributes ?? {}).flatMap(([key, value]) => {
          const type = markTypeOf(key);
          const attrs = schema.marks[type] ? fitMarkAttrs(type, jsonAttrs(value)) : null;
          return attrs ? [{ type, attrs }] : [];
        });
        return marks.length > 0 ? { type: 'text', text: d.insert, marks } : { type: 'text', text: d.insert };
      });
  }
  if (!(item instanceof Y.XmlElement) || schema.nodes[item.nodeName] === undefined) return [];
  const attrs: Record<string, unknown> = fitNodeAttrs(jsonAttrs(item.getAttributes()));
  if (CELL_TYPES.has(item.nodeName)) fitCellAttrs(attrs);
  if (ID_TYPES.has(item.nodeName)) {
    const id =
      typeof attrs.id === 'string' && attrs.id.length > 0 && attrs.id.length <= 100 ? attrs.id : null;
    attrs.id = id !== null && !seen.has(id) ? id : derivedId(item);
    seen.add(attrs.id as string);
  }
  const content = item.toArray().flatMap((c) => toJSON(c, schema, seen, depth + 1));
  return [{ type: item.nodeName, attrs, ...(content.length > 0 ? { content } : {}) }];
}

/**
 * Attributes as JSON can hold them. A client can write any Yjs value into an attribute (a BigInt,
 * bytes, a nested type): those are dropped here, so hashing and serializing the document never
 * throws on them.
 */
function jsonAttrs(attrs: unknown): Record<string, unknown> {
  if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attrs as Record<string, unknown>)) {
    if (isJsonValue(value)) out[key] = value;
  }
  return out;
}

function asParagraph(inline: JSONContent[]): JSONContent[] {
  return inline.length > 0 ? [{ type: 'paragraph', content: inline }] : [];
}

/**
 * The document cut where its JSON would pass `budget` characters, with a last paragraph saying
 * so. The estimate reads each node's own size (string lengths, not their characters), so the work
 * is one step per node however long its attributes; only what is kept is ever serialized.
 */
function withinBudget(root: PMNode, schema: Schema, budget: number): PMNode {
  let used = 0;
  let cutAt = -1;
  root.descendants((node, pos) => {
    if (cutAt >= 0) return false;
    used += nodeJsonSize(node);
    if (used <= budget) return true;
    cutAt = pos;
    return false;
  });
  if (cutAt < 0) return root;
  let kept = root.content.cut(0, cutAt);
  try {
    schema.nodes.doc?.create(null, kept).check();
  } catch {
    // Cut at the start of a container that needs content: keep whole top-level blocks only.
    const $cut = root.resolve(cutAt);
    kept = root.content.cut(0, $cut.depth > 0 ? $cut.before(1) : cutAt);
  }
  const marker = schema.node('paragraph', { id: TRUNCATED_BLOCK_ID }, [schema.text(TRUNCATED_MARKER)]);
  return root.copy(kept.addToEnd(marker));
}

/** A node's own share of its JSON (children are counted on their own). */
function nodeJsonSize(node: PMNode): number {
  let size = 24 + node.type.name.length + (node.isText ? (node.text?.length ?? 0) : jsonSize(node.attrs));
  for (const mark of node.marks) size += 24 + mark.type.name.length + jsonSize(mark.attrs);
  return size;
}

/**
 * The last resort for a document no converter accepts: each top-level element's text as a
 * paragraph, so honest text is never read back as an empty draft.
 */
function textRoot(fragment: Y.XmlFragment, schema: Schema): PMNode {
  const paragraphs = fragment
    .toArray()
    .map((child) =>
      child instanceof Y.XmlElement ? flatText(child) : child instanceof Y.XmlText ? deltaText(child) : '',
    )
    .filter((t) => t.length > 0)
    .map((t) => schema.node('paragraph', null, [schema.text(t)]));
  return schema.node('doc', null, paragraphs.length > 0 ? paragraphs : [schema.node('paragraph')]);
}

function deltaText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[])
    .map((d) => (typeof d.insert === 'string' ? d.insert : ''))
    .join('');
}

/** Nesting depth of a fragment's elements, counted iteratively up to MAX_MATERIALIZED_DEPTH + 1. */
function fragmentDepth(fragment: Y.XmlFragment): number {
  let deepest = 0;
  const stack: [Y.XmlElement | Y.XmlFragment, number][] = [[fragment, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Y.XmlElement | Y.XmlFragment, number];
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_MATERIALIZED_DEPTH) return deepest;
    for (const child of node.toArray()) if (child instanceof Y.XmlElement) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The text under an element, collected without recursion, blocks separated by spaces. */
function flatText(root: Y.XmlElement): string {
  const parts: string[] = [];
  const stack: (Y.XmlElement | Y.XmlText | Y.XmlHook)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node instanceof Y.XmlText) parts.push(deltaText(node));
    else if (node instanceof Y.XmlElement) stack.push(...node.toArray().reverse());
  }
  return parts.filter((p) => p.length > 0).join(' ');
}

function derivedId(item: Y.XmlElement): string {
  const id = item._item?.id;
  return id ? `y${id.client}-${id.clock}` : 'y-root';
}

/**
 * Fallback for documents a foreign client made invalid for the schema: y-prosemirror's converter
 * drops what does not fit (and deletes it from the Y type, hence the throwaway copy).
 */
function lenientRoot(fragment: Y.XmlFragment, schema: Schema): PMNode | null {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(fragment.doc ?? new Y.Doc()));
    const root = yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(DOCUMENT_FIELD), schema);
    let n = 0;
    const json = root.toJSON() as JSONContent;
    const seen = new Set<string>();
    const assign = (node: JSONContent): void => {
      if (node.attrs) node.attrs = fitNodeAttrs(jsonAttrs(node.attrs));
      if (node.attrs && CELL_TYPES.has(node.type ?? '')) fitCellAttrs(node.attrs);
      if (node.marks)
        node.marks = node.marks.flatMap((m) => {
          const attrs = fitMarkAttrs(m.type, jsonAttrs(m.attrs ?? {}));
          return attrs ? [{ ...m, attrs }] : [];
        });
      if (ID_TYPES.has(node.type ?? '')) {
        const id: unknown = node.attrs?.id;
        node.attrs = { ...node.attrs, id: typeof id === 'string' && !seen.has(id) ? id : `pos-${n}` };
        seen.add(node.attrs.id as string);
      }
      n++;
      node.content?.forEach(assign);
    };
    assign(json);
    return schema.nodeFromJSON(json);
  } catch {
    return null;
  } finally {
    copy.destroy();
  }
}
