import type { BlockFingerprint } from './model.ts';

export interface BlockChange {
  type: 'added' | 'removed' | 'changed';
  blockId: string;
  before: string | null;
  after: string | null;
}

/**
 * Block-level changes between two versions, matched by stable block id: blocks only in `to` are
 * added, only in `from` removed, in both with a different content hash changed. Removed blocks are
 * listed where they stood, before the next block that survived.
 */
export function diffBlocks(from: BlockFingerprint[], to: BlockFingerprint[]): BlockChange[] {
  const before = new Map(from.map((b) => [b.id, b]));
  const after = new Set(to.map((b) => b.id));
  const changes: BlockChange[] = [];
  let fromIndex = 0;
  const flushRemovedUntil = (id: string | null): void => {
    while (fromIndex < from.length) {
      const b = from[fromIndex];
      if (!b || b.id === id) break;
      fromIndex++;
      if (!after.has(b.id)) changes.push({ type: 'removed', blockId: b.id, before: b.text, after: null });
    }
  };
  for (const block of to) {
    const old = before.get(block.id);
    if (!old) {
      changes.push({ type: 'added', blockId: block.id, before: null, after: block.text });
      continue;
    }
    flushRemovedUntil(block.id);
    if (from[fromIndex]?.id === block.id) fromIndex++;
    if (old.hash !== block.hash)
      changes.push({ type: 'changed', blockId: block.id, before: old.text, after: block.text });
  }
  flushRemovedUntil(null);
  return changes;
}

/**
 * Blocks of `draft` that are new or differ from `published` (all of them when nothing is published).
 * Empty blocks are not among the fingerprints (`isReviewableNode` in @rounds/editor), so an empty
 * new page has none, and the editor's live marks count the same blocks.
 */
export function countUnreviewedBlocks(
  draft: BlockFingerprint[],
  published: BlockFingerprint[] | null,
): number {
  if (!published) return draft.length;
  const hashes = new Map(published.map((b) => [b.id, b.hash]));
  return draft.filter((b) => hashes.get(b.id) !== b.hash).length;
}
