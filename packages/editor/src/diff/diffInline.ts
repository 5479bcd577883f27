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

function marksOf(node: JSONContent): DiffMark[] {
  const marks: DiffMark[] = (node.marks ?? []).map((m) => {
    const href: unknown = m.attrs?.href;
    return m.type === 'link' && typeof href === 'string' ? { type: 'link', href } : { type: m.type };
  });
  return marks.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** A block's inline content as tokens that carry their marks. */
export function tokenize(inline: JSONContent[], label: CitationLabeler): Token[] {
  const tokens: Token[] = [];
  for (const node of inline) {
    const marks = marksOf(node);
    const markKey = JSON.stringify(marks);
    if (node.type === 'text') {
      for (const m of (node.text ?? '').matchAll(WORD))
        tokens.push({ key: `t${m[0]}`, text: m[0], marks, markKey });
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
  return tokens;
}

/** Every token as one kind of segment (a block added or removed whole). */
export function wholeSegments(tokens: Token[], op: 'insert' | 'delete'): InlineSegment[] {
  const out: InlineSegment[] = [];
  for (const t of tokens) push(out, segment(op, t));
  return out;
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
    const parts = diffArrays(
      oldMid.map((t) => t.key),
      newMid.map((t) => t.key),
      { maxEditLength: limits.maxEdits },
    );
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
