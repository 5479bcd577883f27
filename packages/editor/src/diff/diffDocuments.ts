import type { JSONContent } from '@tiptap/core';
import {
  boundSegments,
  DEFAULT_INLINE_LIMITS,
  diffInline,
  shorten,
  tokenize,
  wholeSegments,
} from './diffInline.ts';
import type { CitationLabeler, DiffWork, InlineDiffLimits } from './diffInline.ts';
import { describeChanges } from './describeChanges.ts';
import { diffReferenceLists, numberedReferences } from './diffReferences.ts';
import { blockWhere, walkBlocks, type ReviewBlock } from './reviewBlocks.ts';
import type {
  ChangeDetail,
  CitationMarker,
  DocumentDiff,
  InlineSegment,
  ReferenceEntry,
  ReviewChange,
} from './types.ts';

export interface DiffOptions {
  /** The references each version has (its library or its snapshot); citations are numbered against them. */
  fromReferences?: ReferenceEntry[];
  toReferences?: ReferenceEntry[];
  limits?: Partial<InlineDiffLimits> & {
    /** Most tokens compared word by word across the whole document; later blocks show as replaced. */
    documentTokens?: number;
    /** Most word-diff work (tokens × edits, see `DiffWork`) across the whole document. */
    documentWork?: number;
    /** Most changes listed; the rest are counted in `truncatedChanges`. */
    maxChanges?: number;
    /** Most characters of JSON the listed changes may take; the rest are counted. */
    outputChars?: number;
  };
  /** Filled with what the diff spent (for tests and logs). */
  stats?: DiffStats;
}

/** What one diff spent: jsdiff calls, work units charged, tokens made. */
export interface DiffStats {
  calls: number;
  work: number;
  tokens: number;
}

/** Tokens made across a document (tokenizing is linear, but not free). */
export const DOCUMENT_TOKENS = 200_000;
/**
 * Word-diff work across a document: about 20 ns a unit here, so ≈ 30 ms at worst (measured:
 * 36 blocks of 1,400 words with every other word changed took 4.7 s before this budget).
 */
export const DOCUMENT_WORK = 1_500_000;
/** Most characters of a block's `before`/`after` text sent. */
export const TEXT_SHOWN = 2_000;
/** Most changes listed, and most characters of JSON they may take. */
export const MAX_CHANGES = 1_000;
export const OUTPUT_CHARS = 2_000_000;
/**
 * Image changes (added, removed, replaced, alt text) are listed outside those two caps, up to this
 * many: a picture swapped behind 1,000 trivial edits must still reach the reviewer. Each is small
 * (alt text is at most 1,000 characters).
 */
export const MAX_IMAGE_CHANGES = 1_000;
/** Most details said of one block, and longest "where". */
const DETAILS_SHOWN = 20;
const WHERE_SHOWN = 300;

/**
 * What changed between two versions of a page, as a reader sees them: block by block (matched by
 * block id), word by word with marks (link targets, bold, code…), block attributes (heading level,
 * list kind and nesting, table cell kind and span), citations with the references they point to,
 * and the reference list. `from` null: nothing published, everything is new.
 *
 * Bounded whatever the input (see docs/decisions.md, "Review diff bounds"): the block pass is
 * linear (moves by a longest increasing subsequence, O(n log n)); the word diff shares one budget
 * of tokens and one of work (jsdiff steps) across the document, and blocks beyond it show as
 * replaced; the output lists at most `maxChanges` changes within `outputChars`, each with its text
 * shortened past `TEXT_SHOWN` (`truncated`), long runs and link targets shortened, and at most
 * a bounded number of segments and details.
 */
export function diffDocuments(
  from: JSONContent | null,
  to: JSONContent,
  options: DiffOptions = {},
): DocumentDiff {
  const steps = diffSteps(from, to, options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * `diffDocuments` in slices of at most `sliceMs` of work, letting other work run in between (the
 * server's event loop): the same result. The slices are the block walks (a few hundred nodes), the
 * block pass (a few hundred blocks) and each block's word diff (bounded by the work budget).
 */
export async function diffDocumentsYielding(
  from: JSONContent | null,
  to: JSONContent,
  options: DiffOptions = {},
  sliceMs = 8,
): Promise<DocumentDiff> {
  const steps = diffSteps(from, to, options);
  let started = performance.now();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (performance.now() - started >= sliceMs) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      started = performance.now();
    }
  }
}

/** Blocks of the block pass between chances to pause. */
const BLOCK_SLICE = 256;

function* diffSteps(
  from: JSONContent | null,
  to: JSONContent,
  options: DiffOptions,
): Generator<void, DocumentDiff> {
  const limits = { ...DEFAULT_INLINE_LIMITS, ...options.limits };
  let tokenBudget = options.limits?.documentTokens ?? DOCUMENT_TOKENS;
  const work: DiffWork = {
    remaining: options.limits?.documentWork ?? DOCUMENT_WORK,
    calls: 0,
    charged: 0,
  };
  const maxChanges = options.limits?.maxChanges ?? MAX_CHANGES;
  const outputChars = options.limits?.outputChars ?? OUTPUT_CHARS;
  const stats = options.stats ?? { calls: 0, work: 0, tokens: 0 };
  // Each linear pass is its own slice (a few ms for the largest documents).
  const fromRefs = numberedReferences(from, options.fromReferences);
  yield;
  const toRefs = numberedReferences(to, options.toReferences);
  yield;
  const fromLabel = labeler(fromRefs);
  const toLabel = labeler(toRefs);
  const before = yield* walkBlocks(from);
  yield;
  const walked = yield* walkBlocks(to);
  yield;
  const after = pairRenamed(before, walked);
  yield;
  const beforeByKey = new Map(before.map((b, i) => [b.key, { block: b, index: i }]));
  yield;
  const afterKeys = new Set(after.map((b) => b.key));
  yield;
  const moved = movedKeys(after, beforeByKey);
  yield;

  const changes: ReviewChange[] = [];
  let truncated = 0;
  let truncatedImages = 0;
  let listedOther = 0;
  let listedImages = 0;
  let chars = 0;
  const listing = (): boolean => listedOther < maxChanges && chars < outputChars;
  /**
   * Lists a change while the output has room; counts it otherwise. Built only when listed. An image
   * change has its own room (`MAX_IMAGE_CHANGES`), so other changes never crowd it out.
   */
  const add = (image: boolean, make: () => ReviewChange): void => {
    if (image ? listedImages >= MAX_IMAGE_CHANGES : !listing()) {
      truncated++;
      if (image) truncatedImages++;
      return;
    }
    const change = make();
    if (image) listedImages++;
    else {
      listedOther++;
      chars += JSON.stringify(change).length;
    }
    changes.push(change);
  };
  const isImage = (b: ReviewBlock): boolean => b.attrs.type === 'image';
  let fromIndex = 0;
  function* flushRemovedUntil(key: string | null): Generator<void> {
    while (fromIndex < before.length) {
      const b = before[fromIndex];
      if (!b || b.key === key) break;
      fromIndex++;
      if (fromIndex % BLOCK_SLICE === 0) yield;
      if (afterKeys.has(b.key)) continue;
      if (listing()) yield;
      add(isImage(b), () => whole('removed', b, fromLabel));
    }
  }
  let passed = 0;
  for (const block of after) {
    if (++passed % BLOCK_SLICE === 0) yield;
    const old = beforeByKey.get(block.key);
    if (!old) {
      if (listing()) yield;
      add(isImage(block), () => whole('added', block, toLabel));
      continue;
    }
    if (!moved.has(block.key)) {
      yield* flushRemovedUntil(block.key);
      if (before[fromIndex]?.key === block.key) fromIndex++;
    }
    const isMoved = moved.has(block.key);
    if (old.block.signature === block.signature && !isMoved) continue;
    if (listing()) yield;
    add(isImage(old.block) || isImage(block), () => {
      // Tokenizing stops where the budget does: a block past it shows as replaced.
      let inline: InlineSegment[] | null = null;
      const tokensBefore = tokenize(old.block.inline, fromLabel, tokenBudget);
      tokenBudget -= tokensBefore?.length ?? tokenBudget;
      const tokensAfter = tokensBefore && tokenize(block.inline, toLabel, tokenBudget);
      tokenBudget -= tokensAfter?.length ?? tokenBudget;
      stats.tokens += (tokensBefore?.length ?? 0) + (tokensAfter?.length ?? 0);
      if (tokensBefore && tokensAfter)
        inline = boundSegments(diffInline(tokensBefore, tokensAfter, limits, work));
      const details = describeChanges(old.block.attrs, block.attrs, inline, old.block.text, block.text);
      if (isMoved) details.unshift({ kind: 'moved', message: 'Moved to another place in the page' });
      const attrsChanged = JSON.stringify(old.block.attrs) !== JSON.stringify(block.attrs);
      const change: ReviewChange = {
        type: 'changed',
        blockId: block.id,
        before: shorten(old.block.text, TEXT_SHOWN),
        after: shorten(block.text, TEXT_SHOWN),
        blockType: block.attrs.type,
        where: shorten(blockWhere(block), WHERE_SHOWN),
        marksChanged: old.block.text === block.text,
        details: boundDetails(details),
        inline,
      };
      if (old.block.text.length > TEXT_SHOWN || block.text.length > TEXT_SHOWN) change.truncated = true;
      if (attrsChanged) change.attrs = { before: old.block.attrs, after: block.attrs };
      if (old.block.attrs.type === 'image' || block.attrs.type === 'image')
        change.images = { before: imageOf(old.block), after: imageOf(block) };
      return change;
    });
  }
  yield* flushRemovedUntil(null);
  stats.calls += work.calls;
  stats.work += work.charged;
  const diff: DocumentDiff = { changes, references: diffReferenceLists(fromRefs, toRefs) };
  if (truncated > 0) diff.truncatedChanges = truncated;
  if (listedImages + truncatedImages > 0) diff.imageChanges = listedImages + truncatedImages;
  if (truncatedImages > 0) diff.truncatedImageChanges = truncatedImages;
  return diff;
}

function boundDetails(details: ChangeDetail[]): ChangeDetail[] {
  if (details.length <= DETAILS_SHOWN) return details;
  const more = details.length - (DETAILS_SHOWN - 1);
  return [
    ...details.slice(0, DETAILS_SHOWN - 1),
    { kind: 'text', message: `… and ${more.toLocaleString('en')} more changes in this block` },
  ];
}

function whole(type: 'added' | 'removed', block: ReviewBlock, label: CitationLabeler): ReviewChange {
  const inline = boundSegments(wholeSegments(block.inline, label, type === 'added' ? 'insert' : 'delete'));
  const text = shorten(block.text, TEXT_SHOWN);
  const change: ReviewChange = {
    type,
    blockId: block.id,
    before: type === 'removed' ? text : null,
    after: type === 'added' ? text : null,
    blockType: block.attrs.type,
    where: shorten(blockWhere(block), WHERE_SHOWN),
    marksChanged: false,
    details: boundDetails(describeChanges(null, block.attrs, inline, '', block.text, type)),
    inline,
  };
  if (block.text.length > TEXT_SHOWN) change.truncated = true;
  if (block.attrs.type === 'image') {
    const id = imageOf(block);
    change.images = type === 'added' ? { before: null, after: id } : { before: id, after: null };
  }
  return change;
}

/** The image a block shows (for the reviewer's thumbnails), or null. */
const imageOf = (block: ReviewBlock): string | null =>
  block.attrs.type === 'image' ? (block.attrs.imageId ?? null) : null;

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
