import { diffBlocks, type BlockChange } from './diffBlocks.ts';
import type { BlockFingerprint } from './model.ts';

/** Most block changes a queue card lists; the rest are counted (the card fetches the rich diff). */
export const DIGEST_MAX_CHANGES = 50;
/** Characters of a block's text a queue card shows; longer texts end with an ellipsis. */
export const DIGEST_MAX_TEXT = 300;
/**
 * Image changes a queue card lists besides those: a swapped picture is never crowded out by other
 * edits (an image block's text is its alt, so the card says an image changed).
 */
export const DIGEST_MAX_IMAGE_CHANGES = 200;
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
  /** Changes not listed: past `DIGEST_MAX_CHANGES` (image changes: past `DIGEST_MAX_IMAGE_CHANGES`). */
  truncatedChanges: number;
  /** Changes of image blocks (added, removed, another picture, alt text), listed or not. */
  imageChanges?: number;
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
  const images = new Set([...published, ...blocks].filter((b) => b.type === 'image').map((b) => b.id));
  const listed: BlockChange[] = [];
  let others = 0;
  let imageChanges = 0;
  for (const c of changes) {
    const image = images.has(c.blockId);
    if (image) imageChanges++;
    if (image ? imageChanges <= DIGEST_MAX_IMAGE_CHANGES : ++others <= DIGEST_MAX_CHANGES)
      listed.push({ ...c, before: clip(c.before), after: clip(c.after) });
  }
  return {
    changes: listed,
    truncatedChanges: changes.length - listed.length,
    ...(imageChanges > 0 ? { imageChanges } : {}),
    uncitedClaims: uncitedClaims
      .slice(0, DIGEST_MAX_CLAIMS)
      .map((c) => ({ blockId: c.blockId, sentence: clip(c.sentence) ?? '' })),
    uncitedClaimsTotal: uncitedClaims.length,
  };
}
