import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { materializeFragment, materializeState } from './materialize.ts';
import { renderHtml } from './renderHtml.ts';

function docWith(build: (frag: Y.XmlFragment) => void): Y.Doc {
  const doc = new Y.Doc();
  build(doc.getXmlFragment('default'));
  return doc;
}

function paragraph(text: string, id?: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  if (id) p.setAttribute('id', id);
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

describe('materialize', () => {
  it('keeps block ids the editor wrote and derives stable ids for blocks without one', () => {
    const doc = docWith((f) => f.insert(0, [paragraph('Aspirin', 'b1'), paragraph('no id here')]));
    const first = materializeFragment(doc.getXmlFragment('default'));
    expect(first.blocks.map((b) => b.text)).toEqual(['Aspirin', 'no id here']);
    expect(first.blocks[0]?.id).toBe('b1');
    expect(first.blocks[1]?.id).toMatch(/^y\d+-\d+$/);
    doc.getXmlFragment('default').insert(0, [paragraph('new first block', 'b0')]);
    const second = materializeFragment(doc.getXmlFragment('default'));
    expect(second.blocks[2]?.id).toBe(first.blocks[1]?.id);
  });

  it('gives duplicated ids a distinct stable id', () => {
    const doc = docWith((f) => f.insert(0, [paragraph('one', 'dup'), paragraph('two', 'dup')]));
    const { blocks } = materializeFragment(doc.getXmlFragment('default'));
    expect(blocks[0]?.id).toBe('dup');
    expect(blocks[1]?.id).not.toBe('dup');
  });

  it('drops unknown node types and marks instead of failing', () => {
    const doc = docWith((f) => {
      const bogus = new Y.XmlElement('script');
      bogus.insert(0, [new Y.XmlText('alert(1)')]);
      const p = paragraph('bold text', 'p1');
      f.insert(0, [bogus, p]);
      (p.get(0) as Y.XmlText).format(0, 4, { bold: {}, blink: {} });
    });
    const out = materializeState(Y.encodeStateAsUpdate(doc));
    expect(out.text).toBe('bold text');
    expect(JSON.stringify(out.doc)).not.toContain('blink');
    expect(JSON.stringify(out.doc)).toContain('"bold"');
  });

  it('renders plain text with blank lines between blocks', () => {
    const doc = docWith((f) => f.insert(0, [paragraph('a'), paragraph('b')]));
    expect(materializeFragment(doc.getXmlFragment('default')).text).toBe('a\n\nb');
  });
});

describe('renderHtml', () => {
  it('strips javascript: links written straight into the document', () => {
    const html = renderHtml({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            {
              type: 'text',
              text: 'click',
              marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
            },
          ],
        },
      ],
    });
    expect(html).toContain('click');
    expect(html).not.toContain('javascript');
  });

  it('keeps safe links with rel=noopener', () => {
    const html = renderHtml({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'nejm', marks: [{ type: 'link', attrs: { href: 'https://nejm.org' } }] },
          ],
        },
      ],
    });
    expect(html).toContain('href="https://nejm.org"');
    expect(html).toContain('noopener');
  });
});

describe('fingerprints', () => {
  it('hashes block content independently of block ids, and changes with the text', () => {
    const a = docWith((f) => f.insert(0, [paragraph('Give 1 g', 'x1')]));
    const b = docWith((f) => f.insert(0, [paragraph('Give 1 g', 'other-id')]));
    const c = docWith((f) => f.insert(0, [paragraph('Give 2 g', 'x1')]));
    const [ma, mb, mc] = [a, b, c].map((d) => materializeFragment(d.getXmlFragment('default')));
    expect(ma?.blocks[0]?.hash).toBe(mb?.blocks[0]?.hash);
    expect(ma?.contentHash).toBe(mb?.contentHash);
    expect(ma?.blocks[0]?.hash).not.toBe(mc?.blocks[0]?.hash);
    expect(ma?.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('materialize deep documents', () => {
  it('reads a blockquote nested 20,000 deep without overflowing the stack, keeping its text', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('default');
    doc.transact(() => {
      fragment.insert(0, [paragraph('top')]);
      // Built outside-in, so Yjs integrates one level at a time (prelim nesting recurses).
      let parent: Y.XmlFragment | Y.XmlElement = fragment;
      for (let i = 0; i < 20_000; i++) {
        const quote = new Y.XmlElement('blockquote');
        parent.insert(parent.length, [quote]);
        parent = quote;
      }
      parent.insert(0, [paragraph('deep text')]);
    });
    const started = performance.now();
    const result = materializeState(Y.encodeStateAsUpdate(doc));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.text).toContain('top');
    expect(result.text).toContain('deep text');
    expect(() => renderHtml(result.doc)).not.toThrow();
  });
});

describe('materialize hostile attributes', () => {
  it('drops attribute values JSON cannot hold (BigInt, bytes) instead of failing to hash', () => {
    const doc = docWith((f) => {
      const h = new Y.XmlElement('heading');
      const text = new Y.XmlText();
      const p = new Y.XmlElement('paragraph');
      f.insert(0, [paragraph('honest text'), h, p]);
      h.setAttribute('level', 10n as unknown as string);
      h.insert(0, [new Y.XmlText('x')]);
      p.insert(0, [text]);
      text.insert(0, 'link', { link: { href: 5n } });
      text.insert(4, 'bytes', { bold: new Uint8Array([1]) });
    });
    const result = materializeFragment(doc.getXmlFragment('default'));
    expect(result.text).toContain('honest text');
    expect(() => JSON.stringify(result.doc)).not.toThrow();
    expect(result.contentHash).toMatch(/\S/);
  });
});

describe('materialize foreign shapes', () => {
  it('reads text written straight into the root fragment as a paragraph', () => {
    const doc = docWith((f) => f.insert(0, [new Y.XmlText('loose text')]));
    expect(materializeFragment(doc.getXmlFragment('default')).text).toBe('loose text');
  });

  it('drops a link mark whose href is not a string, and renders the rest', () => {
    const doc = docWith((f) => {
      const p = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      f.insert(0, [p]);
      p.insert(0, [text]);
      text.insert(0, 'see this', { link: { href: 42 } });
    });
    const { doc: json, text } = materializeFragment(doc.getXmlFragment('default'));
    expect(text).toBe('see this');
    expect(renderHtml(json)).toContain('see this');
    expect(
      renderHtml({
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: {} }] }] },
        ],
      }),
    ).toContain('x');
  });
});

describe('materialize and render hostile tables and marks', () => {
  it('bounds a table cell colspan of 10^7 so rendering stays small and quick', () => {
    const doc = docWith((f) => {
      const table = new Y.XmlElement('table');
      const row = new Y.XmlElement('tableRow');
      const cell = new Y.XmlElement('tableCell');
      f.insert(0, [table]);
      table.insert(0, [row]);
      row.insert(0, [cell]);
      cell.setAttribute('colspan', 10_000_000 as unknown as string);
      cell.insert(0, [paragraph('x')]);
    });
    const started = performance.now();
    const { doc: json } = materializeFragment(doc.getXmlFragment('default'));
    const html = renderHtml(json);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(html.length).toBeLessThan(10_000);
    // A stored revision from before the bound renders bounded too.
    const legacy = {
      type: 'doc',
      content: [
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [
                { type: 'tableCell', attrs: { colspan: 10_000_000 }, content: [{ type: 'paragraph' }] },
              ],
            },
          ],
        },
      ],
    };
    expect(renderHtml(legacy).length).toBeLessThan(10_000);
  });

  it('reads a 30,000-character mark name in linear time', () => {
    const doc = docWith((f) => {
      const p = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      f.insert(0, [p]);
      p.insert(0, [text]);
      text.insert(0, 'hello world', { ['--'.repeat(15_000)]: true });
    });
    const started = performance.now();
    expect(materializeFragment(doc.getXmlFragment('default')).text).toBe('hello world');
    expect(performance.now() - started).toBeLessThan(200);
  });
});
