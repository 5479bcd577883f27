import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attributeFits } from './attributeLimits.ts';
import { diffDocuments } from './diff/diffDocuments.ts';
import { materializeFragment } from './materialize.ts';
import { renderHtml } from './renderHtml.ts';

const ID = '3f2b8c1e-1111-4a4a-9b9b-000000000001';
const OTHER = '3f2b8c1e-1111-4a4a-9b9b-000000000002';
const image = (id: string, imageId: unknown, alt: string): JSONContent => ({
  type: 'image',
  attrs: { id, imageId, alt },
});
const p = (id: string, text: string): JSONContent => ({
  type: 'paragraph',
  attrs: { id },
  content: [{ type: 'text', text }],
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

describe('image nodes: bounds', () => {
  it('an image id is a bounded token of a safe charset; alt text at most 1,000 characters', () => {
    expect(attributeFits('imageId', ID)).toBe(true);
    expect(attributeFits('imageId', 'x'.repeat(65))).toBe(false);
    expect(attributeFits('imageId', '../../etc/passwd')).toBe(false);
    expect(attributeFits('imageId', 'https://evil.example/a.png')).toBe(false);
    expect(attributeFits('imageId', 'a'.repeat(100_000))).toBe(false);
    expect(attributeFits('alt', 'a'.repeat(1000))).toBe(true);
    expect(attributeFits('alt', 'a'.repeat(1001))).toBe(false);
  });
});

describe('image nodes: rendering', () => {
  it('renders this site’s image URL with escaped alt text, and nothing for an id that is not one', () => {
    const html = renderHtml(
      doc(image('b1', ID, 'Rash "on" <b>arm</b>'), image('b2', 'javascript:alert(1)', 'x'), p('b3', 'Text')),
    );
    expect(html).toContain(
      `<img src="/api/images/${ID}" alt="Rash &quot;on&quot; &lt;b&gt;arm&lt;/b&gt;" />`,
    );
    expect(html).not.toContain('javascript');
    expect(html.match(/<img/g)).toHaveLength(1);
  });
});

describe('image nodes: text and fingerprints', () => {
  it('an image reads as “[image: alt]” in the page text and its block, and its id and alt are in its hash', () => {
    const ydoc = new Y.Doc();
    const frag = ydoc.getXmlFragment('default');
    const el = new Y.XmlElement('image');
    el.setAttribute('id', 'img1');
    el.setAttribute('imageId', ID);
    el.setAttribute('alt', 'Target lesion');
    const para = new Y.XmlElement('paragraph');
    para.insert(0, [new Y.XmlText('Erythema multiforme.')]);
    frag.insert(0, [para, el]);
    const m = materializeFragment(frag);
    expect(m.text).toBe('Erythema multiforme.\n\n[image: Target lesion]');
    const block = m.blocks.find((b) => b.id === 'img1');
    expect(block).toMatchObject({ type: 'image', text: '[image: Target lesion]' });
    el.setAttribute('imageId', OTHER);
    const replaced = materializeFragment(frag).blocks.find((b) => b.id === 'img1');
    expect(replaced?.hash).not.toBe(block?.hash);
  });
});

describe('image nodes: review diff', () => {
  it('shows an added and a removed image, with their ids for thumbnails', () => {
    const added = diffDocuments(
      doc(p('a', 'Text')),
      doc(p('a', 'Text'), image('i1', ID, 'Chest X-ray')),
    ).changes;
    expect(added).toEqual([
      expect.objectContaining({
        type: 'added',
        blockId: 'i1',
        blockType: 'image',
        after: '[image: Chest X-ray]',
        images: { before: null, after: ID },
        details: [expect.objectContaining({ kind: 'image', message: 'Image added: “Chest X-ray”' })],
      }),
    ]);
    const removed = diffDocuments(doc(image('i1', ID, 'Chest X-ray')), doc(p('a', 'Text'))).changes;
    expect(removed.find((c) => c.type === 'removed')).toMatchObject({
      images: { before: ID, after: null },
      details: [expect.objectContaining({ message: 'Image removed: “Chest X-ray”' })],
    });
  });

  it('shows a replaced image (same block, another image id) even when its alt text stayed', () => {
    const changes = diffDocuments(
      doc(image('i1', ID, 'Chest X-ray')),
      doc(image('i1', OTHER, 'Chest X-ray')),
    ).changes;
    expect(changes).toEqual([
      expect.objectContaining({
        type: 'changed',
        images: { before: ID, after: OTHER },
        details: [expect.objectContaining({ kind: 'image', message: 'Image replaced by another picture' })],
      }),
    ]);
  });

  it('shows an alt text change', () => {
    const changes = diffDocuments(
      doc(image('i1', ID, 'X-ray')),
      doc(image('i1', ID, 'PA chest X-ray')),
    ).changes;
    expect(changes[0]?.details).toEqual([
      expect.objectContaining({ kind: 'image', message: 'Alt text: “X-ray” → “PA chest X-ray”' }),
    ]);
    expect(changes[0]).toMatchObject({ before: '[image: X-ray]', after: '[image: PA chest X-ray]' });
  });
});

describe('image nodes: alt text without control or text-direction characters', () => {
  const RLO = '\u202e';
  const PDF = '\u202c';
  const hasHostile = (s: string): boolean => [...s].some((ch) => '\u202e\u202c\u0000\u0007'.includes(ch));
  it('the collaboration bounds refuse an alt holding a bidi override, NUL, BEL or a lone surrogate', () => {
    for (const bad of [
      `Chest X-ray ${RLO}noissimda${PDF}`,
      'a\u0000b',
      'a\u0007b',
      'a\ud800b',
      '\u200bx',
      'a\u2066b',
    ])
      expect(attributeFits('alt', bad), JSON.stringify(bad)).toBe(false);
    expect(attributeFits('alt', 'Chest X-ray, PA view — ap\u00e9x, 日本語 👍')).toBe(true);
  });

  it('a stored alt holding them reaches neither the HTML, nor the page text, nor the review diff', () => {
    const hostile = `Chest X-ray ${RLO}noissimda${PDF}\u0000\u0007`;
    const html = renderHtml(doc(image('b1', ID, hostile)));
    expect(html).toContain('alt="Chest X-ray noissimda"');
    expect(hasHostile(html)).toBe(false);
    const diff = diffDocuments(doc(p('b0', 'x')), doc(p('b0', 'x'), image('b1', ID, hostile)));
    expect(JSON.stringify(diff)).not.toMatch(/\\u202e|\\u202c|\\u0000|\\u0007|[\u202e\u202c]/);
    expect(diff.changes[0]?.after).toBe('[image: Chest X-ray noissimda]');
    const y = new Y.Doc();
    const el = new Y.XmlElement('image');
    el.setAttribute('id', 'b1');
    el.setAttribute('imageId', ID);
    el.setAttribute('alt', hostile);
    y.getXmlFragment('default').insert(0, [el]);
    const m = materializeFragment(y.getXmlFragment('default'));
    expect(hasHostile(m.text)).toBe(false);
  });
});
