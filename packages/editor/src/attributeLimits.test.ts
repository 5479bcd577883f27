import type { JSONContent } from '@tiptap/core';
import { Slice } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attributeFits, markValueFits, MAX_HREF_LENGTH } from './attributeLimits.ts';
import { EditorState } from '@tiptap/pm/state';
import { boundedAttributesPlugin, fitPasted } from './extensions.ts';
import {
  materializeBudget,
  materializeFragment,
  materializeState,
  roundsSchema,
  TRUNCATED_MARKER,
} from './materialize.ts';
import { renderHtml } from './renderHtml.ts';

/**
 * The red team's shape: one link over `words` words, stored once in Yjs, with bold toggled on
 * every other word inside it, so ProseMirror JSON repeats the href in every text node.
 */
function linkOverToggledWords(words: number, href: string): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const p = new Y.XmlElement('paragraph');
    p.setAttribute('id', 'p1');
    const t = new Y.XmlText();
    p.insert(0, [t]);
    doc.getXmlFragment('default').insert(0, [p]);
    t.insert(0, Array.from({ length: words }, (_, i) => `w${i} `).join(''), { link: { href } });
    // One pass (as t.format per word, which walks from the start each time).
    t.applyDelta(
      Array.from({ length: words }, (_, i) =>
        i % 2 === 0 ? { retain: `w${i} `.length, attributes: { bold: {} } } : { retain: `w${i} `.length },
      ),
    );
  });
  return doc;
}

const hrefOf = (chars: number): string => 'https://example.org/' + 'a'.repeat(chars - 20);

describe('attribute bounds', () => {
  it('bounds hrefs at 2,048 characters, other strings at 256, citations at 500 ids', () => {
    expect(attributeFits('href', hrefOf(MAX_HREF_LENGTH))).toBe(true);
    expect(attributeFits('href', hrefOf(MAX_HREF_LENGTH + 1))).toBe(false);
    expect(attributeFits('language', 'x'.repeat(256))).toBe(true);
    expect(attributeFits('language', 'x'.repeat(257))).toBe(false);
    expect(
      attributeFits(
        'refIds',
        Array.from({ length: 500 }, () => crypto.randomUUID()),
      ),
    ).toBe(true);
    expect(
      attributeFits(
        'refIds',
        Array.from({ length: 501 }, () => 'r'),
      ),
    ).toBe(false);
    expect(attributeFits('refIds', ['r'.repeat(129)])).toBe(false);
    expect(
      attributeFits(
        'colwidth',
        Array.from({ length: 101 }, () => 10),
      ),
    ).toBe(false);
    expect(attributeFits('other', { nested: 'x'.repeat(300) })).toBe(false);
    expect(markValueFits({ href: hrefOf(2_000), target: '_blank', rel: 'noopener' })).toBe(true);
    expect(markValueFits({ href: 'https://a.org', title: 't'.repeat(257) })).toBe(false);
    expect(markValueFits('x'.repeat(257))).toBe(false);
    expect(markValueFits(null)).toBe(true);
  });
});

describe('materialize: long attributes over many text nodes', () => {
  it("reads the red team's document (20 kB href over 2,000 toggled words) as its words, without the link", () => {
    const state = Y.encodeStateAsUpdate(linkOverToggledWords(2_000, hrefOf(20 * 1024)));
    const out = materializeState(state);
    const json = JSON.stringify(out.doc);
    // Before: 41 MB of JSON for 97 kB of Yjs.
    expect(json.length).toBeLessThan(200_000);
    expect(json).not.toContain('"link"');
    expect(json).toContain('"bold"');
    expect(out.text.startsWith('w0 w1 w2')).toBe(true);
    expect(out.text).toContain('w1999');
    expect(renderHtml(out.doc).length).toBeLessThan(200_000);
  });

  it('keeps a link of 2,048 characters', () => {
    const out = materializeState(Y.encodeStateAsUpdate(linkOverToggledWords(4, hrefOf(MAX_HREF_LENGTH))));
    const links = JSON.stringify(out.doc).match(/"link"/g) ?? [];
    expect(links.length).toBe(4);
    expect(renderHtml(out.doc)).toContain(`href="${hrefOf(MAX_HREF_LENGTH)}"`);
  });

  it('cuts the JSON at its budget (proportional to the Yjs size) and says so, however many nodes follow', () => {
    const sizes: number[] = [];
    for (const words of [4_000, 16_000]) {
      const doc = linkOverToggledWords(words, hrefOf(MAX_HREF_LENGTH));
      // A fixed budget: the output stops growing with the input.
      const out = materializeFragment(doc.getXmlFragment('default'), 500_000);
      const json = JSON.stringify(out.doc);
      expect(json.length).toBeLessThan(500_000 + 1_000);
      expect(json.length).toBeGreaterThan(400_000);
      expect(out.text.endsWith(TRUNCATED_MARKER)).toBe(true);
      expect(out.blocks.at(-1)?.text).toBe(TRUNCATED_MARKER);
      expect(() => roundsSchema().nodeFromJSON(out.doc).check()).not.toThrow();
      sizes.push(json.length);
    }
    expect(Math.abs((sizes[0] ?? 0) - (sizes[1] ?? 0))).toBeLessThan(5_000);
    // The default budget: 2 M + 8 characters per Yjs byte (unbounded this was ~34 MB).
    const state = Y.encodeStateAsUpdate(linkOverToggledWords(16_000, hrefOf(MAX_HREF_LENGTH)));
    const json = JSON.stringify(materializeState(state).doc);
    expect(json.length).toBeLessThanOrEqual(materializeBudget(state.byteLength) + 1_000);
    expect(json.length).toBeLessThan(34_000_000 / 4);
  });

  it('leaves honest documents whole', () => {
    const doc = new Y.Doc();
    const frag = doc.getXmlFragment('default');
    for (let i = 0; i < 300; i++) {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('id', `p${i}`);
      const t = new Y.XmlText();
      p.insert(0, [t]);
      frag.insert(i, [p]);
      t.insert(0, `Paragraph ${i} cites `);
      t.insert(t.length, 'a guideline', {
        link: { href: `https://www.nice.org.uk/guidance/ng${i}` },
        bold: {},
      });
    }
    const out = materializeFragment(frag);
    expect(out.text).not.toContain(TRUNCATED_MARKER);
    expect(out.blocks).toHaveLength(300);
  });

  it('cuts inside a container without leaving it invalid (a table whose first cell is past the budget)', () => {
    const doc = new Y.Doc();
    const frag = doc.getXmlFragment('default');
    const intro = new Y.XmlElement('paragraph');
    intro.insert(0, [new Y.XmlText('x'.repeat(900))]);
    const table = new Y.XmlElement('table');
    const row = new Y.XmlElement('tableRow');
    const cell = new Y.XmlElement('tableCell');
    frag.insert(0, [intro, table]);
    table.insert(0, [row]);
    row.insert(0, [cell]);
    cell.insert(0, [new Y.XmlElement('horizontalRule')]);
    const out = materializeFragment(frag, 1_000);
    expect(() => roundsSchema().nodeFromJSON(out.doc).check()).not.toThrow();
    expect(out.text.endsWith(TRUNCATED_MARKER)).toBe(true);
  });

  it('drops or trims node attributes stored past their bounds', () => {
    const doc = new Y.Doc();
    const frag = doc.getXmlFragment('default');
    const code = new Y.XmlElement('codeBlock');
    code.setAttribute('language', 'x'.repeat(10_000));
    code.insert(0, [new Y.XmlText('print(1)')]);
    const p = new Y.XmlElement('paragraph');
    p.setAttribute('id', 'i'.repeat(10_000));
    const cite = new Y.XmlElement('citation');
    cite.setAttribute('refIds', [
      'r'.repeat(10_000),
      ...Array.from({ length: 10_000 }, (_, i) => `ref-${i}`),
    ] as unknown as string);
    p.insert(0, [new Y.XmlText('see'), cite]);
    frag.insert(0, [code, p]);
    const out = materializeFragment(frag);
    const json = JSON.stringify(out.doc);
    expect(json.length).toBeLessThan(20_000);
    expect(out.citations[0]?.refIds).toHaveLength(500);
    expect(out.citations[0]?.refIds[0]).toBe('ref-0');
    expect(json).not.toContain('xxxxxxxx');
  });
});

describe('renderHtml: links and revisions stored before the bounds', () => {
  const linked = (href: string, n = 1): JSONContent => ({
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: Array.from({ length: n }, (_, i) => ({
          type: 'text',
          text: `word${i} `,
          marks: [{ type: 'link', attrs: { href } }, ...(i % 2 ? [{ type: 'bold' }] : [])],
        })),
      },
    ],
  });

  it('shows over-long, foreign-scheme and other-site links as plain text', () => {
    const legacy = renderHtml(linked(hrefOf(20 * 1024), 2_000));
    expect(legacy.length).toBeLessThan(100_000);
    expect(legacy).not.toContain('<a');
    expect(legacy).toContain('word1999');
    for (const href of [
      'javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,x',
      '//evil.org',
      '/\\evil.org',
    ]) {
      const html = renderHtml(linked(href));
      expect(html).toContain('word0');
      expect(html).not.toContain('<a');
    }
    expect(renderHtml(linked('https://nejm.org'))).toContain('href="https://nejm.org"');
    expect(renderHtml(linked('mailto:a@b.org'))).toContain('href="mailto:a@b.org"');
    expect(renderHtml(linked('#ref-1'))).toContain('href="#ref-1"');
  });
});

describe('editor: pasted content fits the bounds', () => {
  it('drops links with over-long hrefs and attributes past their bounds from a paste', () => {
    const schema = roundsSchema();
    const long = schema.text('long', [schema.marks.link!.create({ href: hrefOf(5_000) })]);
    const styled = schema.text('styled', [
      schema.marks.link!.create({ href: 'https://a.org', class: 'c '.repeat(400), title: 't'.repeat(300) }),
    ]);
    const code = schema.nodes.codeBlock!.create({ language: 'l'.repeat(1_000) }, schema.text('x'));
    const slice = new Slice(
      schema.nodes.doc!.create(null, [schema.nodes.paragraph!.create(null, [long, styled]), code]).content,
      0,
      0,
    );
    const fitted = fitPasted(slice).content;
    const json = JSON.stringify(fitted.toJSON());
    expect(json).not.toContain('aaaaaaaaaa');
    expect(json).not.toContain('tttt');
    expect(json).not.toContain('llll');
    expect(json).toContain('https://a.org');
    expect(fitted.textBetween(0, fitted.size)).toContain('longstyled');
  });
});

describe('editor: attributes past the bounds never stay in the document', () => {
  it('fits what a transaction brings in (a stored draft arriving from Yjs, a mark added), outside the undo history', () => {
    const schema = roundsSchema();
    const link = schema.marks.link!;
    let state = EditorState.create({
      schema,
      doc: schema.nodes.doc!.create(null, [
        schema.nodes.paragraph!.create(null, [schema.text('plain words')]),
      ]),
      plugins: [boundedAttributesPlugin()],
    });
    const inserted = state.tr.insert(
      state.doc.content.size,
      schema.nodes.paragraph!.create(null, [
        schema.text('too long', [link.create({ href: hrefOf(MAX_HREF_LENGTH + 1) })]),
        schema.text(' fine', [link.create({ href: 'https://a.org', title: 't'.repeat(300) })]),
      ]),
    );
    const applied = state.applyTransaction(inserted);
    expect(applied.transactions).toHaveLength(2);
    expect(applied.transactions[1]?.getMeta('addToHistory')).toBe(false);
    state = applied.state;
    let json = JSON.stringify(state.doc.toJSON());
    expect(json).not.toContain('aaaaaaaaaa');
    expect(json).not.toContain('tttt');
    expect(json).toContain('https://a.org');
    expect(state.doc.textContent).toBe('plain wordstoo long fine');
    state = state.apply(state.tr.addMark(1, 6, link.create({ href: hrefOf(5_000) })));
    json = JSON.stringify(state.doc.toJSON());
    expect(json).not.toContain('aaaaaaaaaa');
    // Within the bounds: left alone.
    state = state.apply(state.tr.addMark(1, 6, link.create({ href: hrefOf(MAX_HREF_LENGTH) })));
    expect(JSON.stringify(state.doc.toJSON())).toContain(hrefOf(MAX_HREF_LENGTH));
  });
});
