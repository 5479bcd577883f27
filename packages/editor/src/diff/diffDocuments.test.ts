import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import {
  diffDocuments,
  diffDocumentsYielding,
  DOCUMENT_TOKENS,
  DOCUMENT_WORK,
  MAX_CHANGES,
  MAX_IMAGE_CHANGES,
  OUTPUT_CHARS,
  TEXT_SHOWN,
  type DiffStats,
} from './diffDocuments.ts';
import { DEFAULT_INLINE_LIMITS, HREF_SHOWN } from './diffInline.ts';

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
    // The text sent is shortened, its start and end kept, and says so.
    expect(c?.truncated).toBe(true);
    expect(c?.after?.length).toBeLessThanOrEqual(TEXT_SHOWN + 40);
    expect(c?.after?.startsWith('b0 b1 b2')).toBe(true);
    expect(c?.after?.endsWith('b16999')).toBe(true);
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

/**
 * The work budget, asserted without clocks: what the diff spends (jsdiff calls, work units of
 * tokens × edits, tokens made, JSON sent) stays under its budgets for inputs built to max it out.
 */
describe('diffDocuments: work and output budgets (red team inputs)', () => {
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const word = () => `w${(rnd() % 100000).toString(36)}`;
  const stats = (): DiffStats => ({ calls: 0, work: 0, tokens: 0 });
  /** Blocks of `n` words, and the same with every `k`th word changed. */
  const interleaved = (blocks: number, n: number, k = 2, marks?: JSONContent['marks']) => {
    const olds = Array.from({ length: blocks }, () => Array.from({ length: n }, word));
    const side = (ws: string[][]) => doc(...ws.map((w, b) => p(`b${b}`, text(w.join(' '), marks))));
    return {
      from: side(olds),
      to: side(olds.map((o) => o.map((w, i) => (i % k === 0 ? word() : w)))),
    };
  };

  it('36 blocks of 1,400 words, every other word changed: work stays within the document budget', () => {
    const { from, to } = interleaved(36, 1_400);
    const s = stats();
    const { changes } = diffDocuments(from, to, { stats: s });
    expect(changes).toHaveLength(36);
    expect(s.work).toBeLessThanOrEqual(DOCUMENT_WORK);
    // Before the budget each block cost ≈ 5,600 tokens × 1,400 edits (≈ 7.8 M units, 36 times).
    expect(s.work).toBeLessThan(5_600 * 1_400);
    expect(s.tokens).toBeLessThanOrEqual(DOCUMENT_TOKENS);
    // Past the budget, blocks are shown replaced, their text bounded.
    expect(changes.every((c) => c.inline === null || c.inline.length <= 400)).toBe(true);
    expect(changes.some((c) => c.inline === null)).toBe(true);
    expect(changes.every((c) => (c.after?.length ?? 0) <= TEXT_SHOWN + 40)).toBe(true);
  });

  it('many small changed blocks each get a word diff while the budget lasts', () => {
    const { from, to } = interleaved(300, 30, 5);
    const s = stats();
    const { changes } = diffDocuments(from, to, { stats: s });
    expect(changes.every((c) => c.inline !== null)).toBe(true);
    expect(s.calls).toBe(300);
    expect(s.work).toBeLessThanOrEqual(DOCUMENT_WORK);
  });

  it('a custom work budget is never exceeded, whatever the block sizes', () => {
    for (const [blocks, n] of [
      [1, 1_400],
      [10, 500],
      [200, 40],
    ] as const) {
      const { from, to } = interleaved(blocks, n);
      const s = stats();
      diffDocuments(from, to, { stats: s, limits: { documentWork: 200_000 } });
      expect(s.work).toBeLessThanOrEqual(200_000);
    }
  });

  it('per block, one jsdiff call looks for at most maxEdits edits', () => {
    const { from, to } = interleaved(1, 1_400);
    const s = stats();
    diffDocuments(from, to, { stats: s, limits: { documentWork: Infinity } });
    expect(s.calls).toBe(1);
    expect(s.work).toBeLessThanOrEqual(
      DEFAULT_INLINE_LIMITS.maxTokens * (DEFAULT_INLINE_LIMITS.maxEdits + 1),
    );
  });

  it('20,000 reordered blocks: no word diff beyond the listed changes, the rest counted', () => {
    const blocks = Array.from({ length: 20_000 }, (_, i) => p(`b${i}`, `word ${i}`));
    const shuffled = [...blocks]
      .reverse()
      .map((b, i) => (i % 2 ? p(b.attrs?.id as string, text(`word ${19_999 - i}`, [{ type: 'bold' }])) : b));
    const s = stats();
    const diff = diffDocuments(doc(...blocks), doc(...shuffled), { stats: s });
    expect(diff.changes).toHaveLength(MAX_CHANGES);
    expect(diff.changes.length + (diff.truncatedChanges ?? 0)).toBeGreaterThanOrEqual(19_999);
    expect(s.calls).toBeLessThanOrEqual(MAX_CHANGES);
    expect(s.tokens).toBeLessThanOrEqual(MAX_CHANGES * 6);
    expect(JSON.stringify(diff).length).toBeLessThan(OUTPUT_CHARS + 50_000);
  });

  it('500 lists whose depth goes 40 → 39: changes counted past the cap, output bounded', () => {
    const nest = (depth: number, id: string): JSONContent =>
      depth === 0
        ? p(id, 'leaf text')
        : {
            type: 'bulletList',
            attrs: { id: `l${id}${depth}` },
            content: [
              {
                type: 'listItem',
                attrs: { id: `i${id}${depth}` },
                content: [p(`p${id}${depth}`, 'item'), nest(depth - 1, id)],
              },
            ],
          };
    const deepA = doc(...Array.from({ length: 500 }, (_, i) => nest(40, `d${i}`)));
    const deepB = doc(...Array.from({ length: 500 }, (_, i) => nest(39, `d${i}`)));
    const diff = diffDocuments(deepA, deepB);
    expect(diff.changes.length).toBeLessThanOrEqual(MAX_CHANGES);
    expect(diff.changes.length + (diff.truncatedChanges ?? 0)).toBe(20_500);
    expect(diff.changes.every((c) => c.where.length <= 300)).toBe(true);
    expect(JSON.stringify(diff).length).toBeLessThan(OUTPUT_CHARS + 50_000);
  });

  it('the yielding diff (in slices) gives the same result as the plain one', async () => {
    const { from, to } = interleaved(20, 200, 3);
    const table = (cell: string) => ({
      type: 'table',
      content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [p(`c-${cell}`, cell)] }] }],
    });
    const a = doc(...(from.content ?? []), table('x'), p('gone', 'removed later'));
    const b = doc(table('y'), ...(to.content ?? []).reverse());
    const sliced = await diffDocumentsYielding(a, b, {}, 0);
    expect(sliced).toEqual(diffDocuments(a, b));
    expect(sliced.changes.length).toBeGreaterThan(20);
  });

  it('a 20 kB link target under every word is sent shortened, the response stays small', () => {
    const href = `https://example.org/${'a'.repeat(20 * 1024)}`;
    const { from, to } = interleaved(2, 1_400, 2, link(href));
    const diff = diffDocuments(from, to);
    const json = JSON.stringify(diff);
    // Before: 201 MB for this page (the href in every segment and detail).
    expect(json.length).toBeLessThan(200_000);
    expect(json).not.toContain('a'.repeat(HREF_SHOWN));
  });

  it('a changed long link target is still reported, shortened, and its end shown', () => {
    const a = `https://example.org/${'x'.repeat(5_000)}/old`;
    const b = `https://example.org/${'x'.repeat(5_000)}/new`;
    const [c] = diffDocuments(doc(p('a', text('see', link(a)))), doc(p('a', text('see', link(b))))).changes;
    const d = c?.details.find((x) => x.kind === 'link');
    expect(d?.before?.endsWith('/old')).toBe(true);
    expect(d?.after?.endsWith('/new')).toBe(true);
    expect(d?.after?.length).toBeLessThanOrEqual(HREF_SHOWN + 40);
  });

  it('one changed word in a huge block keeps its word diff, long equal runs shortened', () => {
    const long = Array.from({ length: 17_000 }, (_, i) => `w${i}`).join(' ');
    const [c] = diffDocuments(doc(p('a', long)), doc(p('a', long.replace('w6000 ', 'changed ')))).changes;
    expect(c?.inline?.filter((s) => s.op !== 'equal').map((s) => s.text)).toEqual(['w6000', 'changed']);
    expect(c?.inline?.filter((s) => s.truncated).length).toBe(2);
    expect(JSON.stringify(c).length).toBeLessThan(10_000);
  });

  it('a block with very many details lists a bounded number of them', () => {
    const marks = (i: number) => (i % 2 ? [{ type: 'bold' }] : undefined);
    const n = 300;
    const from = doc(p('a', ...Array.from({ length: n }, (_, i) => text(`w${i} `, marks(i)))));
    const to = doc(p('a', ...Array.from({ length: n }, (_, i) => text(`w${i} `, marks(i + 1)))));
    const [c] = diffDocuments(from, to).changes;
    expect(c?.details.length).toBeLessThanOrEqual(20);
    expect(c?.details.at(-1)?.message).toMatch(/more changes in this block/);
  });
});

describe('image changes are listed outside the change caps', () => {
  const para = (id: string, text: string): JSONContent => ({
    type: 'paragraph',
    attrs: { id },
    content: [{ type: 'text', text }],
  });
  const img = (id: string, imageId: string): JSONContent => ({
    type: 'image',
    attrs: { id, imageId, alt: 'X-ray' },
  });
  const IMG_A = '3f2b8c1e-1111-4a4a-9b9b-00000000000a';
  const IMG_B = '3f2b8c1e-1111-4a4a-9b9b-00000000000b';

  it('a swapped picture after more changes than the cap is still listed, and counted', () => {
    const paras = (suffix: string) =>
      Array.from({ length: 10 }, (_, i) => para(`p${i}`, `Line ${i}${suffix}`));
    const from = { type: 'doc', content: [...paras(''), img('i1', IMG_A)] };
    const to = { type: 'doc', content: [...paras('.'), img('i1', IMG_B), img('i2', IMG_A)] };
    const diff = diffDocuments(from, to, { limits: { maxChanges: 3 } });
    expect(diff.changes.map((c) => c.blockId)).toEqual(['p0', 'p1', 'p2', 'i1', 'i2']);
    expect(diff.changes[3]?.images).toEqual({ before: IMG_A, after: IMG_B });
    expect(diff.truncatedChanges).toBe(7);
    expect(diff.imageChanges).toBe(2);
    expect(diff.truncatedImageChanges).toBeUndefined();
  });

  it('and the output character cap does not crowd them out either, while their own number is bounded', () => {
    const many = Array.from({ length: MAX_IMAGE_CHANGES + 5 }, (_, i) => img(`i${i}`, IMG_A));
    const diff = diffDocuments(
      null,
      { type: 'doc', content: [para('p0', 'x'.repeat(5_000)), ...many] },
      {
        limits: { outputChars: 10 },
      },
    );
    expect(diff.changes).toHaveLength(1 + MAX_IMAGE_CHANGES);
    expect(diff.imageChanges).toBe(MAX_IMAGE_CHANGES + 5);
    expect(diff.truncatedImageChanges).toBe(5);
    expect(diff.truncatedChanges).toBe(5);
  });
});
