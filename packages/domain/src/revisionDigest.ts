import { diffBlocks, type BlockChange } from './diffBlocks.ts';
import type { BlockFingerprint } from './model.ts';

/** Most block changes a queue card lists; the rest are counted (the card fetches the rich diff). */
export const DIGEST_MAX_CHANGES = 50;
/** Characters of a block's text a queue card shows; longer texts end with an ellipsis. */
export const DIGEST_MAX_TEXT = 300;
/** Uncited claims a queue card lists; the rest are counted. */
export const DIGEST_MAX_CLAIMS = 20;

/**
 * What the review queue shows of a pending revision without reading its body: its block changes
 * against the revision published when it was submitted (a pending revision's base cannot move:
 * publishing supersedes every older open revision), and its uncited claims — each bounded in
 * number and length. Stored with the revision at submission.
 */
export interface RevisionDigest {
  changes: BlockChange[];
  /** Changes past `DIGEST_MAX_CHANGES`, not listed. */
  truncatedChanges: number;
  uncitedClaims: { blockId: string; sentence: string }[];
  /** All uncited claims, listed or not. */
  uncitedClaimsTotal: number;
}

const clip = (text: string | null): string | null =>
  text === null || text.length <= DIGEST_MAX_TEXT ? text : `${text.slice(0, DIGEST_MAX_TEXT - 1)}…`;

export function revisionDigest(
  published: BlockFingerprint[],
  blocks: BlockFingerprint[],
  uncitedClaims: { blockId: string; sentence: string }[],
): RevisionDigest {
  const changes = diffBlocks(published, blocks);
  return {
    changes: changes
      .slice(0, DIGEST_MAX_CHANGES)
      .map((c) => ({ ...c, before: clip(c.before), after: clip(c.after) })),
    truncatedChanges: Math.max(0, changes.length - DIGEST_MAX_CHANGES),
    uncitedClaims: uncitedClaims
      .slice(0, DIGEST_MAX_CLAIMS)
      .map((c) => ({ blockId: c.blockId, sentence: clip(c.sentence) ?? '' })),
    uncitedClaimsTotal: uncitedClaims.length,
  };
}
