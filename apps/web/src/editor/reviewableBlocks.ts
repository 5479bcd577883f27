import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { hashContent, isBlockBoundary, isReviewableNode } from '@rounds/editor';

/** A reviewable block of the live document and where it stands. */
export interface PositionedBlock {
  id: string;
  hash: string;
  pos: number;
  node: PMNode;
}

// ProseMirror nodes are immutable and reused across transactions, so a block that did not change
// keeps its hash without hashing it again: typing costs one SHA-256, not one per block.
const hashes = new WeakMap<PMNode, string>();

function hashOf(node: PMNode): string {
  let hash = hashes.get(node);
  if (hash === undefined) {
    hash = hashContent(node.toJSON() as JSONContent);
    hashes.set(node, hash);
  }
  return hash;
}

/**
 * The blocks `blockFingerprints` (from `@rounds/editor`) reports, in the same order and with the same
 * hashes, plus their positions so they can be decorated. A unit test keeps the two in step.
 */
export function reviewableBlocks(doc: PMNode): PositionedBlock[] {
  const blocks: PositionedBlock[] = [];
  doc.descendants((node, pos) => {
    if (isBlockBoundary(node)) {
      // Empty blocks are never unreviewed (the same rule as the server's fingerprints).
      if (isReviewableNode(node))
        blocks.push({ id: String(node.attrs.id ?? ''), hash: hashOf(node), pos, node });
      return false;
    }
    return true;
  });
  return blocks;
}

/** Blocks that are new or differ from the published revision; all of them when nothing is published. */
export function unreviewedBlocks(
  blocks: PositionedBlock[],
  published: ReadonlyMap<string, string>,
): PositionedBlock[] {
  return blocks.filter((block) => published.get(block.id) !== block.hash);
}
