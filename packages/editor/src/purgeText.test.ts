import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { freshDocument, purgeDocument, stateClientIds, bytesHold } from './purgeDocument.ts';
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
    expect(bytesHold(purged?.yjsState ?? new Uint8Array(), '12345678')).toBe(false);
    expect(purged?.text).toBe(`MRN ${PURGE_MARKER} here`);
    expect(stateClientIds(purged?.yjsState ?? new Uint8Array())).not.toContain(built.clientId);
    expect(purgeDocument({ doc: built.doc, yjsState: built.yjsState }, 'absent')).toBeNull();
  });
});
