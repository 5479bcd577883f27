import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import { freshDocument, purgeDocument, stateClientIds, updatesHold } from './purgeDocument.ts';
import { PURGE_MARKER, purgeDocumentJson, purgeString } from './purgeText.ts';

const para = (...content: JSONContent[]): JSONContent => ({
  type: 'paragraph',
  attrs: { id: 'p1' },
  content,
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

describe('purgeString', () => {
  it('replaces every occurrence by the marker', () => {
    expect(purgeString('John Smith met John Smith', 'John Smith')).toBe(
      `${PURGE_MARKER} met ${PURGE_MARKER}`,
    );
  });

  it('removes outright when the marker is made of the text or forms it again', () => {
    expect(purgeString('move it', 'move')).toBe(' it');
    expect(purgeString('xd]xx', 'd]x')).not.toContain('d]x');
    expect(purgeString('aabb', 'ab')).toBe(`a${PURGE_MARKER}b`);
  });

  it('stays linear on 100k-character runs', () => {
    const started = performance.now();
    const s = 'a'.repeat(100_000) + 'b'.repeat(100_000);
    expect(purgeString(s, 'ab').includes('ab')).toBe(false);
    expect(purgeString(' '.repeat(200_000), '  ').includes('  ')).toBe(false);
    expect(purgeString('1'.repeat(200_000), '12').length).toBe(200_000);
    expect(purgeString('d]'.repeat(100_000) + 'x'.repeat(100_000), 'd]x').includes('d]x')).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('purgeDocumentJson', () => {
  it('finds the text across marks and in attributes, keeping block ids', () => {
    const input = doc(
      para(
        { type: 'text', text: 'Patient John ' },
        { type: 'text', text: 'Smith', marks: [{ type: 'bold' }] },
        {
          type: 'text',
          text: ' chart',
          marks: [{ type: 'link', attrs: { href: 'https://ehr.example/John Smith' } }],
        },
      ),
    );
    const out = purgeDocumentJson(input, 'John Smith');
    expect(JSON.stringify(out)).not.toContain('John Smith');
    expect(out.content?.[0]?.attrs?.id).toBe('p1');
    expect(out.content?.[0]?.content?.map((n) => n.text).join('')).toBe(`Patient ${PURGE_MARKER} chart`);
    expect(JSON.stringify(input)).toContain('John '); // the input is not mutated
  });
});

describe('purgeDocument', () => {
  it('rebuilds a fresh Yjs state without the text and names its clients', () => {
    const built = freshDocument(doc(para({ type: 'text', text: 'MRN 12345678 here' })));
    const purged = purgeDocument(
      { doc: built.doc, yjsState: built.yjsState },
      '12345678',
      new Set([built.clientId]),
    );
    expect(purged).not.toBeNull();
    expect(updatesHold([purged?.yjsState ?? new Uint8Array()], '12345678')).toBe(false);
    expect(purged?.text).toBe(`MRN ${PURGE_MARKER} here`);
    expect(stateClientIds(purged?.yjsState ?? new Uint8Array())).not.toContain(built.clientId);
    expect(purgeDocument({ doc: built.doc, yjsState: built.yjsState }, 'absent')).toBeNull();
  });
});

describe('a purge touches human text only', () => {
  const structured = (): JSONContent =>
    doc(
      {
        type: 'paragraph',
        attrs: { id: 'd4-type' },
        content: [
          {
            type: 'text',
            text: 'bold link 4',
            marks: [
              { type: 'bold' },
              { type: 'link', attrs: { href: 'https://x.example/4', title: 'link 4' } },
            ],
          },
          { type: 'citation', attrs: { refIds: ['ref-4d'], label: '4' } },
        ],
      },
      { type: 'image', attrs: { id: 'img-block-4', imageId: 'd4d4d4d4', alt: 'photo 4' } },
    );

  it.each(['4', 'd', 'bold', 'link', 'type'])(
    'purging %j keeps ids, refIds, imageId, types and keys',
    (t) => {
      const out = purgeDocumentJson(structured(), t);
      const para0 = out.content?.[0];
      expect(para0?.type).toBe('paragraph');
      expect(para0?.attrs).toEqual({ id: 'd4-type' });
      expect(para0?.content?.[1]).toEqual({ type: 'citation', attrs: { refIds: ['ref-4d'], label: '4' } });
      const marks = para0?.content?.[0]?.marks ?? [];
      expect(marks.map((m) => m.type)).toEqual(['bold', 'link']);
      expect(Object.keys(marks[1]?.attrs ?? {})).toEqual(['href', 'title']);
      const image = out.content?.[1];
      expect(image?.type).toBe('image');
      expect(image?.attrs?.id).toBe('img-block-4');
      expect(image?.attrs?.imageId).toBe('d4d4d4d4');
      // A Yjs state can be built from it (no 500 from a broken structure).
      expect(() => freshDocument(out)).not.toThrow();
    },
  );

  it('purges the text in human-text attributes (href, title, alt) and text nodes', () => {
    const out = JSON.stringify(purgeDocumentJson(structured(), '4'));
    expect(out).toContain('"alt":"photo [removed]"');
    expect(out).toContain('"href":"https://x.example/[removed]"');
    expect(out).toContain('"text":"bold link [removed]"');
  });

  it('one-character texts found only in encoding syntax are not found', () => {
    const built = freshDocument(doc(para({ type: 'text', text: 'Plain words' })));
    for (const t of ['[', '"', '{', ':', 'p1', 'paragraph'])
      expect(purgeDocument({ doc: built.doc, yjsState: built.yjsState }, t)).toBeNull();
    expect(updatesHold([built.yjsState], 'paragraph')).toBe(false);
    expect(updatesHold([built.yjsState], 'Plain')).toBe(true);
  });

  it('finds a name typed one character per update and then deleted, in the decoded log', () => {
    const ydoc = new Y.Doc();
    const log: Uint8Array[] = [];
    ydoc.on('update', (u: Uint8Array) => log.push(u));
    const text = new Y.XmlText();
    const p = new Y.XmlElement('paragraph');
    ydoc.getXmlFragment('default').insert(0, [p]);
    p.insert(0, [text]);
    for (const ch of 'Quillonius was here') text.insert(text.length, ch);
    text.delete(0, text.length);
    expect(log.some((u) => Buffer.from(u).includes(Buffer.from('Quillonius')))).toBe(false);
    expect(updatesHold(log, 'Quillonius')).toBe(true);
    expect(updatesHold(log, 'paragraph')).toBe(false);
  });
});

describe('look-alikes of the text are purged too', () => {
  const NAME = 'José Quill';
  const nfd = NAME.normalize('NFD');
  it.each([
    ['decomposed accent', `Seen: ${nfd}.`],
    ['non-breaking space', 'Seen: José\u00a0Quill.'],
    ['zero-width space inside', 'Seen: Jo\u200bsé Quill.'],
    ['two spaces', 'Seen: José  Quill.'],
  ])('%s', (_, s) => {
    expect(purgeString(s, NAME)).toBe(`Seen: ${PURGE_MARKER}.`);
    expect(purgeString(s, nfd)).toBe(`Seen: ${PURGE_MARKER}.`);
    const out = purgeDocumentJson(doc(para({ type: 'text', text: s })), NAME);
    expect(out.content?.[0]?.content?.[0]?.text).toBe(`Seen: ${PURGE_MARKER}.`);
  });

  it('stays linear on 100k-character runs of spaces and format characters', () => {
    const s = ' \u200b'.repeat(50_000) + 'x';
    const started = performance.now();
    expect(purgeString(s, 'a b')).toBe(s);
    expect(purgeString(s, 'x')).toContain(PURGE_MARKER);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
