import { describe, expect, it } from 'vitest';
import type { BlockFingerprint } from './model.ts';
import { DIGEST_MAX_CHANGES, DIGEST_MAX_IMAGE_CHANGES, revisionDigest } from './revisionDigest.ts';

const block = (id: string, text: string, type = 'paragraph', hash = text): BlockFingerprint => ({
  id,
  type,
  text,
  hash,
});

describe('the queue digest lists image changes past its change cap', () => {
  it('an image swapped after 1,000 edited paragraphs is listed and counted', () => {
    const n = 1_000;
    const before = [
      ...Array.from({ length: n }, (_, i) => block(`p${i}`, `L${i}`)),
      block('img', '[image: X]', 'image', 'a'),
    ];
    const after = [
      ...Array.from({ length: n }, (_, i) => block(`p${i}`, `L${i}.`)),
      block('img', '[image: X]', 'image', 'b'),
    ];
    const digest = revisionDigest(before, after, []);
    expect(digest.changes).toHaveLength(DIGEST_MAX_CHANGES + 1);
    expect(digest.changes.at(-1)).toMatchObject({ type: 'changed', blockId: 'img' });
    expect(digest.truncatedChanges).toBe(n - DIGEST_MAX_CHANGES);
    expect(digest.imageChanges).toBe(1);
  });

  it('image changes have a bound of their own', () => {
    const after = Array.from({ length: DIGEST_MAX_IMAGE_CHANGES + 3 }, (_, i) =>
      block(`i${i}`, '[image]', 'image'),
    );
    const digest = revisionDigest([], after, []);
    expect(digest.changes).toHaveLength(DIGEST_MAX_IMAGE_CHANGES);
    expect(digest.truncatedChanges).toBe(3);
    expect(digest.imageChanges).toBe(DIGEST_MAX_IMAGE_CHANGES + 3);
  });
});
