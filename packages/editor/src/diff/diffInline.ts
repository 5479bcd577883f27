import type { JSONContent } from '@tiptap/core';
import { diffArrays } from 'diff';
import type { CitationMarker, DiffMark, InlineSegment } from './types.ts';

/** Bounds on word-by-word comparison, so one huge block cannot hold the server. */
export interface InlineDiffLimits {
  /** Most tokens (words, spaces, punctuation) of the differing middle of a block compared word by word. */
  maxTokens: number;
  /** Most edits the comparison looks for before it gives up. */
  maxEdits: number;
}

export const DEFAULT_INLINE_LIMITS: InlineDiffLimits = { maxTokens: 6_000, maxEdits: 1_500 };

/**
 * The word-diff work a whole document may spend, shared by its blocks. A jsdiff (Myers) call over
 * n tokens that finds d edits costs about n·d steps; each call may look for at most as many edits
 * as the remaining budget pays for, and is charged n·(d+1) (n·maxEdits when it gives up), so the
 * sum over a document stays under `remaining` whatever the input.
 */
export interface DiffWork {
  /** Work units (token × edit steps) left. */
  remaining: number;
  /** jsdiff calls made, and work units charged: for tests and logs. */
  calls: number;
  charged: number;
}

/** Link targets longer than this are shortened for display (compared in full). */
export const HREF_SHOWN = 300;
/** Longest text one segment shows; a longer run keeps its start and end around "…". */
export const SEGMENT_SHOWN = 600;

interface Token {
  /** What the token says, marks aside: what the comparison matches on. */
  key: string;
  text: string;
  marks: DiffMark[];
  markKey: string;
  citation?: CitationMarker;
}

/** Numbers and texts of the references a side's citations point to. */
export type CitationLabeler = (refIds: string[]) => CitationMarker;

// Words, runs of white space, or one other character: linear, no backtracking.
const WORD = /[\p{L}\p{N}\p{M}_'’-]+|\s+|[^\p{L}\p{N}\p{M}_'’\s-]/gu;

/** A long text with its middle left out: start, "…", end, and how long it was. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(1, Math.floor((max - 30) / 2));
  return `${text.slice(0, keep)}… (${text.length.toLocaleString('en')} characters) …${text.slice(-keep)}`;
}

/** A node's marks as shown (long link targets shortened) and a key over their full values. */
function marksOf(node: JSONContent): { marks: DiffMark[]; markKey: string } {
  const full: DiffMark[] = (node.marks ?? []).map((m) => {
    const href: unknown = m.attrs?.href;
    return m.type === 'link' && typeof href === 'string' ? { type: 'link', href } : { type: m.type };
  });
  full.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const markKey = JSON.stringify(full);
  const marks = full.map((m) =>
    m.href !== undefined && m.href.length > HREF_SHOWN ? { ...m, href: shorten(m.href, HREF_SHOWN) } : m,
  );
  return { marks, markKey };
}

/** A block's inline content as tokens that carry their marks; null past `max` tokens (it stops there). */
export function tokenize(inline: JSONContent[], label: CitationLabeler): Token[];
export function tokenize(inline: JSONContent[], label: CitationLabeler, max: number): Token[] | null;
export function tokenize(inline: JSONContent[], label: CitationLabeler, max = Infinity): Token[] | null {
  const tokens: Token[] = [];
  for (const node of inline) {
    if (tokens.length > max) return null;
    const { marks, markKey } = marksOf(node);
    if (node.type === 'text') {
      for (const m of (node.text ?? '').matchAll(WORD)) {
        tokens.push({ key: `t${m[0]}`, text: m[0], marks, markKey });
        if (tokens.length > max) return null;
      }
    } else if (node.type === 'citation') {
      const ids: unknown = node.attrs?.refIds;
      const refIds = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
      const citation = label(refIds);
      tokens.push({ key: `c${refIds.join(',')}`, text: citation.label, marks, markKey, citation });
    } else if (node.type === 'hardBreak') {
      tokens.push({ key: 'br', text: '\n', marks, markKey });
    } else {
      tokens.push({ key: `n${node.type ?? ''}`, text: '', marks, markKey });
    }
  }
  return tokens.length > max ? null : tokens;
}

/**
 * A block added or removed whole as segments, straight from its inline nodes (linear in nodes, no
 * tokens): the same runs `tokenize` then joining would give.
 */
export function wholeSegments(
  inline: JSONContent[],
  label: CitationLabeler,
  op: 'insert' | 'delete',
): InlineSegment[] {
  const out: InlineSegment[] = [];
  for (const node of inline) {
    const { marks, markKey } = marksOf(node);
    if (node.type === 'text') push(out, segment(op, { key: '', text: node.text ?? '', marks, markKey }));
    else if (node.type === 'citation') push(out, segment(op, tokenize([node], label)[0] as Token));
    else push(out, segment(op, { key: '', text: node.type === 'hardBreak' ? '\n' : '', marks, markKey }));
  }
  return out;
}

/** Most segments and shown characters (text and link targets) one block's word diff may have. */
export const BLOCK_SEGMENTS = 400;
export const BLOCK_SHOWN = 12_000;

/**
 * Segments bounded for the response: long runs keep their start and end (`truncated`), and a
 * block with more segments or characters than it may show gets null (shown replaced).
 */
export function boundSegments(segments: InlineSegment[] | null): InlineSegment[] | null {
  if (!segments || segments.length > BLOCK_SEGMENTS) return null;
  let shown = 0;
  for (const s of segments) {
    if (s.text.length > SEGMENT_SHOWN) {
      s.text = shorten(s.text, SEGMENT_SHOWN);
      s.truncated = true;
    }
    shown += s.text.length;
    for (const m of s.marks) shown += m.href?.length ?? 0;
    for (const m of s.marksBefore ?? []) shown += m.href?.length ?? 0;
    if (shown > BLOCK_SHOWN) return null;
  }
  return segments;
}

/**
 * Word-and-mark segments between two versions of a block, or null when the part that differs is
 * beyond `limits` (the caller then shows the block as replaced). The common start and end are
 * matched first in linear time, so one changed word in a 100,000-character block stays cheap.
 */
export function diffInline(
  before: Token[],
  after: Token[],
  limits: InlineDiffLimits = DEFAULT_INLINE_LIMITS,
  work: DiffWork = { remaining: Infinity, calls: 0, charged: 0 },
): InlineSegment[] | null {
  let head = 0;
  while (head < before.length && head < after.length && before[head]?.key === after[head]?.key) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail]?.key === after[after.length - 1 - tail]?.key
  )
    tail++;
  const oldMid = before.slice(head, before.length - tail);
  const newMid = after.slice(head, after.length - tail);
  if (oldMid.length + newMid.length > limits.maxTokens) return null;

  const out: InlineSegment[] = [];
  const same = (a: Token, b: Token): void => push(out, sameSegment(a, b));
  for (let i = 0; i < head; i++) same(before[i] as Token, after[i] as Token);

  if (oldMid.length === 0 || newMid.length === 0) {
    for (const t of oldMid) push(out, segment('delete', t));
    for (const t of newMid) push(out, segment('insert', t));
  } else {
    const n = oldMid.length + newMid.length;
    const maxEdits = Math.min(limits.maxEdits, Math.floor(work.remaining / n) - 1);
    if (maxEdits < 1) return null;
    work.calls++;
    const parts = diffArrays(
      oldMid.map((t) => t.key),
      newMid.map((t) => t.key),
      { maxEditLength: maxEdits },
    );
    let edits = maxEdits;
    if (parts) {
      edits = 0;
      for (const part of parts) if (part.added || part.removed) edits += part.count;
    }
    const cost = n * (Math.min(edits, maxEdits) + 1);
    work.remaining -= cost;
    work.charged += cost;
    if (!parts) return null;
    let i = 0;
    let j = 0;
    for (const part of parts) {
      for (let k = 0; k < part.count; k++) {
        if (part.removed) push(out, segment('delete', oldMid[i++] as Token));
        else if (part.added) push(out, segment('insert', newMid[j++] as Token));
        else same(oldMid[i++] as Token, newMid[j++] as Token);
      }
    }
  }

  for (let k = tail; k > 0; k--) same(before[before.length - k] as Token, after[after.length - k] as Token);
  return out;
}

function segment(op: InlineSegment['op'], t: Token): InlineSegment {
  const s: InlineSegment = { op, text: t.text, marks: t.marks };
  if (t.citation) s.citation = t.citation;
  return s;
}

function sameSegment(a: Token, b: Token): InlineSegment {
  const s = segment(a.markKey === b.markKey ? 'equal' : 'format', b);
  if (s.op === 'format') s.marksBefore = a.marks;
  if (a.citation && b.citation && a.citation.label !== b.citation.label) s.citationBefore = a.citation;
  return s;
}

/** Appends, joining runs of the same kind and marks (citations stay one segment each). */
function push(out: InlineSegment[], s: InlineSegment): void {
  const last = out[out.length - 1];
  if (
    last &&
    !last.citation &&
    !s.citation &&
    last.op === s.op &&
    JSON.stringify(last.marks) === JSON.stringify(s.marks) &&
    JSON.stringify(last.marksBefore) === JSON.stringify(s.marksBefore)
  ) {
    last.text += s.text;
    return;
  }
  out.push({ ...s, marks: s.marks });
}
