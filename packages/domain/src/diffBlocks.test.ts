import { describe, expect, it } from 'vitest';
import { countUnreviewedBlocks, diffBlocks } from './diffBlocks.ts';

const b = (id: string, text: string) => ({ id, type: 'paragraph', text, hash: `h:${text}` });

describe('diffBlocks', () => {
  it('reports added, removed and changed blocks in document order', () => {
    const from = [b('a', 'one'), b('b', 'two'), b('c', 'three')];
    const to = [b('a', 'one'), b('x', 'new'), b('c', 'three!')];
    expect(diffBlocks(from, to)).toEqual([
      { type: 'added', blockId: 'x', before: null, after: 'new' },
      { type: 'removed', blockId: 'b', before: 'two', after: null },
      { type: 'changed', blockId: 'c', before: 'three', after: 'three!' },
    ]);
  });

  it('reports nothing for identical versions and removals at the end', () => {
    expect(diffBlocks([b('a', '1')], [b('a', '1')])).toEqual([]);
    expect(diffBlocks([b('a', '1'), b('z', 'end')], [b('a', '1')])).toEqual([
      { type: 'removed', blockId: 'z', before: 'end', after: null },
    ]);
  });

  it('handles moved blocks without losing removals', () => {
    const from = [b('a', '1'), b('b', '2'), b('c', '3')];
    const to = [b('c', '3'), b('a', '1')];
    expect(diffBlocks(from, to)).toEqual([{ type: 'removed', blockId: 'b', before: '2', after: null }]);
  });
});

describe('countUnreviewedBlocks', () => {
  it('counts every block when nothing is published, else new and changed ones', () => {
    expect(countUnreviewedBlocks([b('a', '1'), b('b', '2')], null)).toBe(2);
    expect(countUnreviewedBlocks([b('a', '1'), b('b', '2!'), b('c', '3')], [b('a', '1'), b('b', '2')])).toBe(
      2,
    );
  });
});

describe('countUnreviewedBlocks on an empty page', () => {
  it('is 0: an empty page has no fingerprints (empty blocks are never reviewable)', () => {
    expect(countUnreviewedBlocks([], null)).toBe(0);
  });
});
