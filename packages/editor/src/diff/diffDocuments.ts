import type { JSONContent } from '@tiptap/core';
import { DEFAULT_INLINE_LIMITS, diffInline, tokenize, wholeSegments } from './diffInline.ts';
import type { CitationLabeler, InlineDiffLimits } from './diffInline.ts';
import { describeChanges } from './describeChanges.ts';
import { diffReferenceLists, numberedReferences } from './diffReferences.ts';
import { blockWhere, reviewBlocks, type ReviewBlock } from './reviewBlocks.ts';
import type { CitationMarker, DocumentDiff, ReferenceEntry, ReviewChange } from './types.ts';

export interface DiffOptions {
  /** The references each version has (its library or its snapshot); citations are numbered against them. */
  fromReferences?: ReferenceEntry[];
  toReferences?: ReferenceEntry[];
  limits?: Partial<InlineDiffLimits> & {
    /** Most tokens compared word by word across the whole document; later blocks show as replaced. */
    documentTokens?: number;
  };
}

const DOCUMENT_TOKENS = 200_000;

/**
 * What changed between two versions of a page, as a reader sees them: block by block (matched by
 * block id), word by word with marks (link targets, bold, code…), block attributes (heading level,
 * list kind and nesting, table cell kind and span), citations with the references they point to,
 * and the reference list. `from` null: nothing published, everything is new.
 *
 * Bounded: the work per block is linear plus at most `maxEdits` × the differing part, and the
 * whole document compares at most `documentTokens` tokens word by word.
 */
export function diffDocuments(
  from: JSONContent | null,
  to: JSONContent,
  options: DiffOptions = {},
): DocumentDiff {
  const limits = { ...DEFAULT_INLINE_LIMITS, ...options.limits };
  let budget = options.limits?.documentTokens ?? DOCUMENT_TOKENS;
  const fromRefs = numberedReferences(from, options.fromReferences);
  const toRefs = numberedReferences(to, options.toReferences);
  const fromLabel = labeler(fromRefs);
  const toLabel = labeler(toRefs);
  const before = reviewBlocks(from);
  const after = pairRenamed(before, reviewBlocks(to));
  const beforeByKey = new Map(before.map((b, i) => [b.key, { block: b, index: i }]));
  const afterKeys = new Set(after.map((b) => b.key));
  const moved = movedKeys(after, beforeByKey);

  const changes: ReviewChange[] = [];
  let fromIndex = 0;
  const flushRemovedUntil = (key: string | null): void => {
    while (fromIndex < before.length) {
      const b = before[fromIndex];
      if (!b || b.key === key) break;
      fromIndex++;
      if (!afterKeys.has(b.key)) changes.push(whole('removed', b, fromLabel));
    }
  };
  for (const block of after) {
    const old = beforeByKey.get(block.key);
    if (!old) {
      changes.push(whole('added', block, toLabel));
      continue;
    }
    if (!moved.has(block.key)) {
      flushRemovedUntil(block.key);
      if (before[fromIndex]?.key === block.key) fromIndex++;
    }
    const isMoved = moved.has(block.key);
    if (old.block.signature === block.signature && !isMoved) continue;
    const tokensBefore = tokenize(old.block.inline, fromLabel);
    const tokensAfter = tokenize(block.inline, toLabel);
    const cost = tokensBefore.length + tokensAfter.length;
    const inline = budget > 0 ? diffInline(tokensBefore, tokensAfter, limits) : null;
    budget -= cost;
    const details = describeChanges(old.block.attrs, block.attrs, inline, old.block.text, block.text);
    if (isMoved) details.unshift({ kind: 'moved', message: 'Moved to another place in the page' });
    const attrsChanged = JSON.stringify(old.block.attrs) !== JSON.stringify(block.attrs);
    const change: ReviewChange = {
      type: 'changed',
      blockId: block.id,
      before: old.block.text,
      after: block.text,
      blockType: block.attrs.type,
      where: blockWhere(block),
      marksChanged: old.block.text === block.text,
      details,
      inline,
    };
    if (attrsChanged) change.attrs = { before: old.block.attrs, after: block.attrs };
    changes.push(change);
  }
  flushRemovedUntil(null);
  return { changes, references: diffReferenceLists(fromRefs, toRefs) };
}

function whole(type: 'added' | 'removed', block: ReviewBlock, label: CitationLabeler): ReviewChange {
  const inline = wholeSegments(tokenize(block.inline, label), type === 'added' ? 'insert' : 'delete');
  return {
    type,
    blockId: block.id,
    before: type === 'removed' ? block.text : null,
    after: type === 'added' ? block.text : null,
    blockType: block.attrs.type,
    where: blockWhere(block),
    marksChanged: false,
    details: describeChanges(null, block.attrs, inline, '', block.text, type),
    inline,
  };
}

/**
 * A block whose id alone changed says the same thing: an editor gives a block written without one
 * (by an import, a script) its own id when it opens the page. Unmatched blocks of `after` take the
 * key of an unmatched block of `before` with the same signature, in order.
 */
function pairRenamed(before: ReviewBlock[], after: ReviewBlock[]): ReviewBlock[] {
  const afterKeys = new Set(after.map((b) => b.key));
  const beforeKeys = new Set(before.map((b) => b.key));
  const orphans = new Map<string, ReviewBlock[]>();
  for (const b of before) {
    if (afterKeys.has(b.key)) continue;
    const list = orphans.get(b.signature) ?? [];
    list.push(b);
    orphans.set(b.signature, list);
  }
  if (orphans.size === 0) return after;
  return after.map((b) => {
    if (beforeKeys.has(b.key)) return b;
    const twin = orphans.get(b.signature)?.shift();
    return twin ? { ...b, key: twin.key } : b;
  });
}

/**
 * Blocks in both versions whose order changed: those outside a longest run of blocks that kept
 * their relative order (O(n log n)).
 */
function movedKeys(after: ReviewBlock[], before: Map<string, { index: number }>): Set<string> {
  const matched = after.flatMap((b) => {
    const old = before.get(b.key);
    return old ? [{ key: b.key, index: old.index }] : [];
  });
  const tails: number[] = [];
  const tailAt: number[] = [];
  const prev: number[] = new Array<number>(matched.length).fill(-1);
  matched.forEach((m, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tails[mid] ?? 0) < m.index) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = m.index;
    tailAt[lo] = i;
    prev[i] = lo > 0 ? (tailAt[lo - 1] ?? -1) : -1;
  });
  const kept = new Set<string>();
  for (let i = tailAt[tails.length - 1] ?? -1; i >= 0; i = prev[i] ?? -1) kept.add(matched[i]?.key ?? '');
  return new Set(matched.filter((m) => !kept.has(m.key)).map((m) => m.key));
}

function labeler(refs: ReturnType<typeof numberedReferences>): CitationLabeler {
  const byId = new Map(refs.map((r) => [r.id, r]));
  return (refIds: string[]): CitationMarker => {
    const cited = refIds.map((id) => {
      const r = byId.get(id);
      return { id, number: r?.number ?? null, formatted: r?.formatted ?? null };
    });
    const label =
      cited.length === 0 || cited.some((r) => r.number === null)
        ? '?'
        : cited
            .map((r) => r.number ?? 0)
            .sort((a, b) => a - b)
            .join(',');
    return { refIds, label: `[${label}]`, refs: cited };
  };
}
