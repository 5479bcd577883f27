import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import { blockFingerprints, roundsExtensions } from '@rounds/editor';
import { reviewableBlocks, unreviewedBlocks } from './reviewableBlocks.ts';

const schema = getSchema(roundsExtensions({ assignBlockIds: false }));
const p = (id: string, text: string) => ({
  type: 'paragraph',
  attrs: { id },
  content: [{ type: 'text', text }],
});
const doc = Node.fromJSON(schema, {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { id: 'h', level: 2 }, content: [{ type: 'text', text: 'Overview' }] },
    p('a', 'Amoxicillin for 5 days.'),
    {
      type: 'bulletList',
      attrs: { id: 'ul' },
      content: [{ type: 'listItem', attrs: { id: 'li' }, content: [p('b', 'Confusion')] }],
    },
    { type: 'horizontalRule', attrs: { id: 'hr' } },
  ],
});

describe('reviewableBlocks', () => {
  it('finds the same blocks with the same hashes as blockFingerprints', () => {
    const expected = blockFingerprints(doc).map(({ id, hash }) => ({ id, hash }));
    expect(reviewableBlocks(doc).map(({ id, hash }) => ({ id, hash }))).toEqual(expected);
  });

  it('reports where each block stands', () => {
    for (const block of reviewableBlocks(doc)) expect(doc.nodeAt(block.pos)).toBe(block.node);
  });

  it('marks blocks that are new or changed since the published revision', () => {
    const blocks = reviewableBlocks(doc);
    const published = new Map(blocks.map((b) => [b.id, b.hash]));
    published.delete('b');
    published.set('a', 'another hash');
    expect(unreviewedBlocks(blocks, published).map((b) => b.id)).toEqual(['a', 'b']);
    expect(unreviewedBlocks(blocks, new Map())).toHaveLength(4);
  });
});

describe('empty blocks', () => {
  it('are never reviewable: an empty new page has no unreviewed block, in the editor as on the server', () => {
    const blank = Node.fromJSON(schema, {
      type: 'doc',
      content: [
        { type: 'paragraph', attrs: { id: 'e1' } },
        p('a', 'Text'),
        { type: 'paragraph', attrs: { id: 'e2' } },
      ],
    });
    expect(reviewableBlocks(blank).map((b) => b.id)).toEqual(['a']);
    expect(blockFingerprints(blank).map((b) => b.id)).toEqual(['a']);
    const emptyPage = Node.fromJSON(schema, {
      type: 'doc',
      content: [{ type: 'paragraph', attrs: { id: 'e' } }],
    });
    expect(unreviewedBlocks(reviewableBlocks(emptyPage), new Map())).toHaveLength(0);
  });
});
