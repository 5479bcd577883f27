import type { JSONContent } from '@tiptap/core';
import { foldedHolds, foldedOccurrences, foldText } from './purgeMatch.ts';

/** What stands where purged text was, so a reader sees that something was taken out. */
export const PURGE_MARKER = '[removed]';

/**
 * The marker for purging `text`: none when the marker itself holds the text (purging "move"
 * must not leave "[removed]" behind, which holds it).
 */
export function purgeMarkerFor(text: string): string {
  return foldedHolds(PURGE_MARKER, text) ? '' : PURGE_MARKER;
}

/**
 * `s` without any occurrence of `text` (exact, case-sensitive): each is replaced by the marker. If
 * the marker joined to its neighbours forms the text again (text overlapping the marker), every
 * occurrence is removed outright instead, including those that removal itself forms
 * ("aabb" without "ab" is "", not "ab"). Linear in `s` (KMP with a stack), for any input.
 */
export function purgeString(s: string, text: string): string {
  if (text.length === 0) return s;
  const hits = foldedOccurrences(s, text);
  if (hits.length === 0) return s;
  const marker = purgeMarkerFor(text);
  let replaced = '';
  let at = 0;
  for (const hit of hits) {
    replaced += s.slice(at, hit.start) + marker;
    at = hit.end;
  }
  replaced += s.slice(at);
  // Removing outright works on the folded form, so no look-alike is left either.
  return foldedHolds(replaced, text) ? removeAll(foldText(s), foldText(text)).normalize('NFC') : replaced;
}

function removeAll(s: string, p: string): string {
  const fail = failureTable(p);
  const out: number[] = [];
  const states: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let k = states.length > 0 ? (states[states.length - 1] ?? 0) : 0;
    while (k > 0 && c !== p.charCodeAt(k)) k = fail[k - 1] ?? 0;
    if (c === p.charCodeAt(k)) k++;
    out.push(c);
    states.push(k);
    if (k === p.length) {
      out.length -= p.length;
      states.length -= p.length;
    }
  }
  let result = '';
  for (let i = 0; i < out.length; i += 8192) result += String.fromCharCode(...out.slice(i, i + 8192));
  return result;
}

function failureTable(p: string): number[] {
  const fail = new Array<number>(p.length).fill(0);
  let k = 0;
  for (let i = 1; i < p.length; i++) {
    while (k > 0 && p.charCodeAt(i) !== p.charCodeAt(k)) k = fail[k - 1] ?? 0;
    if (p.charCodeAt(i) === p.charCodeAt(k)) k++;
    fail[i] = k;
  }
  return fail;
}

/** Whether `text` occurs in a JSON value's string values (keys are field names, not text). */
export function jsonHolds(value: unknown, text: string): boolean {
  if (typeof value === 'string') return foldedHolds(value, text);
  if (Array.isArray(value)) return value.some((v) => jsonHolds(v, text));
  if (value !== null && typeof value === 'object')
    return Object.values(value).some((v) => jsonHolds(v, text));
  return false;
}

/** A JSON value with `text` purged from every string value in it (keys are kept). */
export function purgeJson(value: unknown, text: string): unknown {
  if (typeof value === 'string') return purgeString(value, text);
  if (Array.isArray(value)) return value.map((v) => purgeJson(v, text));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = purgeJson(v, text);
    return out;
  }
  return value;
}

/**
 * The attributes of nodes and marks that hold text a person wrote (a link's href and title, an
 * image's alt text). Every other attribute (block ids, citation refIds, imageId, levels) and every
 * node and mark type is structure: a purge never reads or rewrites it.
 */
export const HUMAN_TEXT_ATTRS: ReadonlySet<string> = new Set(['href', 'title', 'alt']);

/** `attrs` with `text` purged from its human-text attributes only. */
function purgeHumanAttrs(attrs: Record<string, unknown>, text: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...attrs };
  for (const key of HUMAN_TEXT_ATTRS) {
    const v = out[key];
    if (typeof v === 'string') out[key] = purgeString(v, text);
  }
  return out;
}

const humanAttrsHold = (attrs: Record<string, unknown> | undefined, text: string): boolean =>
  attrs !== undefined &&
  [...HUMAN_TEXT_ATTRS].some((k) => {
    const v = attrs[k];
    return typeof v === 'string' && foldedHolds(v, text);
  });

/**
 * Whether a ProseMirror document shows `text`: in a run of adjacent text nodes (an occurrence
 * split by marks counts) or a human-text attribute of a node or mark. Never in ids, types or keys.
 */
export function docHolds(doc: JSONContent, text: string): boolean {
  const stack: JSONContent[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop() as JSONContent;
    if (humanAttrsHold(node.attrs, text)) return true;
    if ((node.marks ?? []).some((m) => humanAttrsHold(m.attrs, text))) return true;
    if (!Array.isArray(node.content)) continue;
    let run = '';
    for (const child of node.content) {
      if (child.type === 'text' && typeof child.text === 'string') run += child.text;
      else {
        if (foldedHolds(run, text)) return true;
        run = '';
      }
      stack.push(child);
    }
    if (foldedHolds(run, text)) return true;
  }
  return false;
}

type Mark = NonNullable<JSONContent['marks']>[number];

/**
 * A ProseMirror document with every occurrence of `text` purged: from its text, also where the
 * text spans several text nodes (a name half in bold), and from the human-text attributes of nodes
 * and marks (link hrefs and titles, alt texts). Block ids, refIds, imageIds, types and keys stay. Iterative, so a deep
 * document cannot overflow the stack.
 */
export function purgeDocumentJson(doc: JSONContent, text: string): JSONContent {
  const root = purgeNodeShallow(doc, text);
  const stack: JSONContent[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as JSONContent;
    if (!node.content) continue;
    const content = purgeInline(
      node.content.map((c) => purgeNodeShallow(c, text)),
      text,
    );
    node.content = content;
    for (const child of content) if (child.content) stack.push(child);
  }
  return root;
}

/** A copy of the node with its own attributes and marks purged (children are copied later). */
function purgeNodeShallow(node: JSONContent, text: string): JSONContent {
  const copy: JSONContent = { ...node };
  if (node.attrs) copy.attrs = purgeHumanAttrs(node.attrs, text);
  if (node.marks)
    copy.marks = node.marks.map((m): Mark => (m.attrs ? { ...m, attrs: purgeHumanAttrs(m.attrs, text) } : m));
  if (node.content) copy.content = [...node.content];
  return copy;
}

/** Purges runs of adjacent text nodes as one string, so an occurrence split by marks is found. */
function purgeInline(children: JSONContent[], text: string): JSONContent[] {
  const out: JSONContent[] = [];
  let run: JSONContent[] = [];
  const closeRun = (): void => {
    if (run.length > 0) out.push(...purgeRun(run, text));
    run = [];
  };
  for (const child of children) {
    if (child.type === 'text' && typeof child.text === 'string') run.push(child);
    else {
      closeRun();
      out.push(child);
    }
  }
  closeRun();
  return out;
}

function purgeRun(run: JSONContent[], text: string): JSONContent[] {
  const joined = run.map((n) => n.text ?? '').join('');
  const hits = foldedOccurrences(joined, text);
  if (hits.length === 0) return run;
  const marker = purgeMarkerFor(text);
  // Which node each character comes from, to give the kept pieces their marks back.
  const owner: number[] = [];
  run.forEach((n, i) => {
    for (let j = 0; j < (n.text ?? '').length; j++) owner.push(i);
  });
  const pieces: { text: string; from: number }[] = [];
  let at = 0;
  for (const hit of hits) {
    pushChars(pieces, joined, owner, at, hit.start);
    if (marker) pieces.push({ text: marker, from: owner[hit.start] ?? 0 });
    at = hit.end;
  }
  pushChars(pieces, joined, owner, at, joined.length);
  const rebuilt = pieces.map((p) => p.text).join('');
  if (foldedHolds(rebuilt, text)) {
    // The marker formed the text again with its neighbours: remove outright, marks dropped.
    const plain = purgeString(joined, text);
    return plain.length > 0 ? [{ type: 'text', text: plain }] : [];
  }
  const nodes: JSONContent[] = [];
  for (const p of pieces) {
    if (p.text.length === 0) continue;
    const source = run[p.from] as JSONContent;
    const last = nodes.at(-1);
    if (last && sameMarks(last, source)) last.text = (last.text ?? '') + p.text;
    else nodes.push({ ...source, text: p.text });
  }
  return nodes;
}

function pushChars(
  pieces: { text: string; from: number }[],
  s: string,
  owner: number[],
  start: number,
  end: number,
): void {
  let i = start;
  while (i < end) {
    const from = owner[i] ?? 0;
    let j = i + 1;
    while (j < end && owner[j] === from) j++;
    pieces.push({ text: s.slice(i, j), from });
    i = j;
  }
}

const sameMarks = (a: JSONContent, b: JSONContent): boolean =>
  JSON.stringify(a.marks ?? []) === JSON.stringify(b.marks ?? []);
