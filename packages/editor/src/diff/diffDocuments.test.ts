import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from './diffDocuments.ts';

const text = (t: string, marks?: JSONContent['marks']): JSONContent =>
  marks ? { type: 'text', text: t, marks } : { type: 'text', text: t };
const p = (id: string, ...content: (string | JSONContent)[]): JSONContent => ({
  type: 'paragraph',
  attrs: { id },
  content: content.map((c) => (typeof c === 'string' ? text(c) : c)),
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });
const link = (href: string) => [{ type: 'link', attrs: { href, target: '_blank', rel: null, class: null } }];
const cite = (...refIds: string[]): JSONContent => ({ type: 'citation', attrs: { refIds } });
const empty = (id: string): JSONContent => ({ type: 'paragraph', attrs: { id } });
const li = (id: string, t: string): JSONContent => ({
  type: 'listItem',
  attrs: { id: `li-${id}` },
  content: [p(id, t)],
});

describe('diffDocuments: links and marks', () => {
  it('shows a changed link target as old → new, with the same text', () => {
    const from = doc(p('a', 'See ', text('the guideline', link('https://nice.org.uk/ng1')), '.'));
    const to = doc(p('a', 'See ', text('the guideline', link('https://evil.example/ng1')), '.'));
    const { changes } = diffDocuments(from, to);
    expect(changes).toHaveLength(1);
    const [c] = changes;
    expect(c).toMatchObject({
      type: 'changed',
      blockId: 'a',
      before: 'See the guideline.',
      after: 'See the guideline.',
      marksChanged: true,
    });
    expect(c?.details).toContainEqual({
      kind: 'link',
      message: 'Link target changed: https://nice.org.uk/ng1 → https://evil.example/ng1 (on “the guideline”)',
      before: 'https://nice.org.uk/ng1',
      after: 'https://evil.example/ng1',
    });
    expect(c?.inline).toContainEqual({
      op: 'format',
      text: 'the guideline',
      marks: [{ type: 'link', href: 'https://evil.example/ng1' }],
      marksBefore: [{ type: 'link', href: 'https://nice.org.uk/ng1' }],
    });
  });

  it('names marks made or undone, word by word', () => {
    const from = doc(p('a', 'Give ', text('one', [{ type: 'italic' }]), ' dose now'));
    const to = doc(
      p('a', 'Give ', text('one', [{ type: 'bold' }]), ' dose ', text('today', [{ type: 'code' }])),
    );
    const [c] = diffDocuments(from, to).changes;
    const messages = c?.details.map((d) => d.message);
    expect(messages).toContain('Made bold: “one”');
    expect(messages).toContain('No longer italic: “one”');
    expect(c?.marksChanged).toBe(false);
    expect(c?.inline).toEqual([
      { op: 'equal', text: 'Give ', marks: [] },
      { op: 'format', text: 'one', marks: [{ type: 'bold' }], marksBefore: [{ type: 'italic' }] },
      { op: 'equal', text: ' dose ', marks: [] },
      { op: 'delete', text: 'now', marks: [] },
      { op: 'insert', text: 'today', marks: [{ type: 'code' }] },
    ]);
  });

  it('lists the link targets of an added block', () => {
    const { changes } = diffDocuments(
      doc(p('a', 'x')),
      doc(p('a', 'x'), p('b', text('NICE', link('https://nice.org.uk')))),
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: 'added', blockId: 'b', before: null, after: 'NICE' });
    expect(changes[0]?.details[0]?.message).toBe('Link: “NICE” → https://nice.org.uk');
  });
});

describe('diffDocuments: block attributes and structure', () => {
  it('reports a heading level change as such', () => {
    const h = (level: number) => ({ type: 'heading', attrs: { id: 'h', level }, content: [text('Dosing')] });
    const [c] = diffDocuments(doc(h(2)), doc(h(3))).changes;
    expect(c).toMatchObject({ blockType: 'heading', marksChanged: true, where: 'Heading 3' });
    expect(c?.details.map((d) => d.message)).toEqual(['Heading level 2 → 3']);
    expect(c?.attrs?.before.level).toBe(2);
    expect(c?.attrs?.after.level).toBe(3);
  });

  it('reports paragraph → heading and a code block language', () => {
    const code = (language: string | null) => ({
      type: 'codeBlock',
      attrs: { id: 'c', language },
      content: [text('x = 1')],
    });
    const { changes } = diffDocuments(
      doc(p('a', 'Title'), code(null)),
      doc({ type: 'heading', attrs: { id: 'a', level: 1 }, content: [text('Title')] }, code('python')),
    );
    expect(changes.map((c) => c.details[0]?.message)).toEqual([
      'Paragraph → Heading 1',
      'Code language: none → python',
    ]);
  });

  it('reports bullet ↔ numbered lists and nesting', () => {
    const from = doc({
      type: 'bulletList',
      attrs: { id: 'ul' },
      content: [li('a', 'Fever'), li('b', 'Cough')],
    });
    const to = doc({
      type: 'orderedList',
      attrs: { id: 'ul', start: 1 },
      content: [
        {
          type: 'listItem',
          attrs: { id: 'li-a' },
          content: [
            p('a', 'Fever'),
            { type: 'orderedList', attrs: { id: 'ol2', start: 1 }, content: [li('b', 'Cough')] },
          ],
        },
      ],
    });
    const { changes } = diffDocuments(from, to);
    expect(changes.map((c) => [c.blockId, c.details.map((d) => d.message)])).toEqual([
      ['a', ['Bullet list → numbered list']],
      ['b', ['List nesting level 1 → 2', 'Bullet list → numbered list']],
    ]);
    expect(changes[1]?.where).toBe('Paragraph in numbered list, item 1, level 2 item 1');
  });

  it('names table cells by row and column, and header changes', () => {
    const cell = (type: string, id: string, t: string) => ({
      type,
      attrs: { id: `c-${id}`, colspan: 1, rowspan: 1 },
      content: [p(id, t)],
    });
    const table = (head: string, dose: string) =>
      doc({
        type: 'table',
        attrs: { id: 't' },
        content: [
          {
            type: 'tableRow',
            attrs: { id: 'r1' },
            content: [cell(head, 'h1', 'Drug'), cell(head, 'h2', 'Dose')],
          },
          {
            type: 'tableRow',
            attrs: { id: 'r2' },
            content: [cell('tableCell', 'd1', 'Amoxicillin'), cell('tableCell', 'd2', dose)],
          },
        ],
      });
    const { changes } = diffDocuments(table('tableHeader', '500 mg'), table('tableCell', '1 g'));
    expect(changes.map((c) => [c.where, c.details.map((d) => d.message), c.before, c.after])).toEqual([
      ['Paragraph in table 1, row 1, column 1', ['Header cell → table cell'], 'Drug', 'Drug'],
      ['Paragraph in table 1, row 1, column 2', ['Header cell → table cell'], 'Dose', 'Dose'],
      ['Paragraph in table 1, row 2, column 2', [], '500 mg', '1 g'],
    ]);
  });

  it('reports a moved block', () => {
    const { changes } = diffDocuments(
      doc(p('a', 'one'), p('b', 'two'), p('c', 'three')),
      doc(p('c', 'three'), p('a', 'one'), p('b', 'two')),
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ blockId: 'c', type: 'changed', marksChanged: true });
    expect(changes[0]?.details[0]?.kind).toBe('moved');
  });
});

describe('diffDocuments: citations and references', () => {
  const library = [
    { id: 'r1', formatted: 'Smith J. Sepsis care. BMJ. 2020;1:1.' },
    { id: 'r2', formatted: 'Jones K. Fluids. Lancet. 2021;2:2.', evidenceLevel: 'rct' },
  ];

  it('shows citation markers with the reference they point to', () => {
    const from = doc(p('a', 'Give fluids', cite('r1'), '.'));
    const to = doc(p('a', 'Give fluids', cite('r1'), cite('r2'), '.'));
    const { changes, references } = diffDocuments(from, to, {
      fromReferences: library,
      toReferences: library,
    });
    const [c] = changes;
    expect(c?.marksChanged).toBe(true);
    expect(c?.details.map((d) => d.message)).toEqual([
      'Citation added: [2] Jones K. Fluids. Lancet. 2021;2:2.',
    ]);
    const marker = c?.inline?.find((s) => s.op === 'insert');
    expect(marker?.citation).toMatchObject({ label: '[2]', refs: [{ id: 'r2', number: 2 }] });
    expect(references.added).toEqual([
      { id: 'r2', number: 2, formatted: library[1]?.formatted, evidenceLevel: 'rct' },
    ]);
    expect(references.removed).toEqual([]);
  });

  it('lists references added, removed, edited and renumbered', () => {
    const from = doc(p('a', 'x', cite('r1'), cite('r2')));
    const to = doc(p('a', 'x', cite('r2'), cite('r3')));
    const toRefs = [
      { id: 'r2', formatted: 'Jones K. Fluids (corrected). Lancet. 2021;2:2.' },
      { id: 'r3', formatted: 'Lee A. New. NEJM. 2022;3:3.' },
    ];
    const { references } = diffDocuments(from, to, { fromReferences: library, toReferences: toRefs });
    expect(references.added.map((r) => r.id)).toEqual(['r3']);
    expect(references.removed.map((r) => [r.id, r.number])).toEqual([['r1', 1]]);
    expect(references.changed.map((r) => [r.id, r.before.formatted, r.after.formatted])).toEqual([
      ['r2', 'Jones K. Fluids. Lancet. 2021;2:2.', 'Jones K. Fluids (corrected). Lancet. 2021;2:2.'],
    ]);
    expect(references.renumbered).toEqual([{ id: 'r2', from: 2, to: 1, formatted: toRefs[0]?.formatted }]);
  });
});

describe('diffDocuments: empty blocks', () => {
  it('never reports empty blocks, added or removed', () => {
    expect(diffDocuments(null, doc(empty('e'))).changes).toEqual([]);
    expect(
      diffDocuments(doc(p('a', 'x'), empty('e1')), doc(p('a', 'x'), empty('e2'), empty('e3'))).changes,
    ).toEqual([]);
  });

  it('reports the whole page as added when nothing is published, trailing paragraph aside', () => {
    const { changes } = diffDocuments(null, doc(p('a', 'Hello'), empty('trailing')));
    expect(changes.map((c) => [c.type, c.blockId])).toEqual([['added', 'a']]);
  });
});

describe('diffDocuments: bounded work', () => {
  const words = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}${i}`).join(' ');

  it('finds one changed word in a 100,000-character block quickly', () => {
    const long = words(17_000, 'w');
    expect(long.length).toBeGreaterThan(100_000);
    const started = performance.now();
    const [c] = diffDocuments(doc(p('a', long)), doc(p('a', long.replace('w6000 ', 'changed ')))).changes;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(c?.inline?.filter((s) => s.op !== 'equal')).toEqual([
      { op: 'delete', text: 'w6000', marks: [] },
      { op: 'insert', text: 'changed', marks: [] },
    ]);
  });

  it('shows a 100,000-character block rewritten throughout as replaced', () => {
    const started = performance.now();
    const [c] = diffDocuments(doc(p('a', words(17_000, 'a'))), doc(p('a', words(17_000, 'b')))).changes;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(c?.inline).toBeNull();
    expect(c?.details.map((d) => d.kind)).toEqual(['replaced']);
    expect(c?.after?.length).toBeGreaterThan(100_000);
  });

  it('falls back to replaced when the edits exceed the limit', () => {
    const from = doc(p('a', words(400, 'a')));
    const to = doc(p('a', words(400, 'b')));
    const [c] = diffDocuments(from, to, { limits: { maxEdits: 50 } }).changes;
    expect(c?.inline).toBeNull();
  });
});

describe('diffDocuments: block ids', () => {
  it('a block that only got a new id (opened in an editor) is no change', () => {
    const { changes } = diffDocuments(
      doc(p('y1-1', 'Same text'), p('b', 'x')),
      doc(p('fresh-id', 'Same text'), p('b', 'y')),
    );
    expect(changes.map((c) => [c.type, c.blockId])).toEqual([['changed', 'b']]);
  });
});

describe('diffDocuments: more structure', () => {
  it('reports task items done, list numbering and quoting', () => {
    const task = (checked: boolean) => ({
      type: 'taskList',
      attrs: { id: 'tl' },
      content: [{ type: 'taskItem', attrs: { id: 'ti', checked }, content: [p('t', 'Check lactate')] }],
    });
    const ol = (start: number) => ({
      type: 'orderedList',
      attrs: { id: 'ol', start },
      content: [li('o', 'Step')],
    });
    const quoted = { type: 'blockquote', attrs: { id: 'q' }, content: [p('q1', 'Quoted words')] };
    const { changes } = diffDocuments(
      doc(task(false), ol(1), p('q1', 'Quoted words')),
      doc(task(true), ol(3), quoted),
    );
    expect(changes.map((c) => c.details.map((d) => d.message))).toEqual([
      ['Task marked done'],
      ['Numbering starts at 1 → 3'],
      ['Quoted'],
    ]);
    expect(changes[0]?.where).toBe('Paragraph in task list, item 1 (done)');
  });
});
