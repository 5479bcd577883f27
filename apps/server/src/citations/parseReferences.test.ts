import { describe, expect, it } from 'vitest';
import { validateCslItem } from './cslItemSchema.ts';
import { formatVancouver } from './formatVancouver.ts';
import { normalizeImportText } from './normalizeImportText.ts';
import { parseMedline } from './parseMedline.ts';
import { parseReferences } from './parseReferences.ts';

const N = 100_000;
/** Generous for a noisy 2-core machine; the linear parsers take a few ms, the old ones seconds to minutes. */
const BOUND_MS = 200;

function timed<T>(fn: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = fn();
  return { result, ms: performance.now() - start };
}

const RUNS: Record<string, string> = {
  spaces: ' '.repeat(N),
  newlines: '\n'.repeat(N),
  'CRLF line ends': '\r\n'.repeat(N / 2),
  digits: '1'.repeat(N),
  letters: 'a'.repeat(N),
  braces: '{'.repeat(N),
  'spaces and newlines': ' \n'.repeat(N / 2),
  mixed: Array.from({ length: N }, (_, i) => ' 1a\n{@,-'[(i * 7) % 9]).join(''),
};

/** Each run put where a parser is weakest: inside a value, before a tag, between records. */
const HOSTILE: [string, string][] = Object.entries(RUNS).flatMap(([name, run]): [string, string][] => [
  [`BibTeX, ${name} before the entry`, `${run}\n@article{k, title = {T}, author = {Smith, J}}`],
  [`BibTeX, ${name} in the title`, `@article{k, title = {A${run}B}, author = {Smith, J}}`],
  [`BibTeX, ${name} in the author list`, `@article{k, title = {T}, author = {Smith,${run} J}}`],
  [`RIS, ${name} in the title`, `TY  - JOUR\nTI  - A${run}B\nAU  - Smith, J\nER  - \n`],
  [`RIS, ${name} between records`, `TY  - JOUR\nTI  - A\nER  - \n${run}TY  - JOUR\nTI  - B\nER  - \n`],
  [`MEDLINE, ${name} in an author line`, `PMID- 1\nTI  - A title\nAU  - a${run}a\n`],
  [`MEDLINE, ${name} before [doi]`, `PMID- 1\nTI  - T\nAID - 10.1000/x${run}[doi]\n`],
  [`MEDLINE, ${name} between records`, `PMID- 1\nTI  - A\n${run}\nPMID- 2\nTI  - B\n`],
]);

describe('reference parsers on hostile text', () => {
  it.each(HOSTILE)('%s: read in linear time (100,000 characters)', (_name, text) => {
    const { result, ms } = timed(() => parseReferences(text, 501));
    expect(ms).toBeLessThan(BOUND_MS);
    // Either read, or refused entry by entry; never an exception.
    expect(result.items.length + result.errors.length).toBeGreaterThan(0);
    expect(timed(() => formatVancouver(result.items)).ms).toBeLessThan(BOUND_MS * 2);
  });

  it.each(Object.entries(RUNS))('normalizes 100,000 %s in linear time', (_name, run) => {
    expect(timed(() => normalizeImportText(run)).ms).toBeLessThan(BOUND_MS);
    expect(timed(() => parseMedline(`PMID- 1\nTI  - T\nAU  - ${run}\n`, 10)).ms).toBeLessThan(BOUND_MS);
  });

  it('an author line of 200,000 spaces (the 136 s import) reads in milliseconds', () => {
    // A name that is not "Family INITIALS" made the old pattern retry every split of the run.
    const text = `PMID- 1\nTI  - A title\nAU  - Smith${' '.repeat(99_900)}ja\nAU  - Doe${' '.repeat(99_900)}JA\n`;
    const { result, ms } = timed(() => parseReferences(text, 501));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result.items[0]?.author).toEqual([{ literal: 'Smith ja' }, { family: 'Doe', given: 'J A' }]);
  });

  it('reads at most the entries asked for', () => {
    const many = '@article{k, title = {T}}\n'.repeat(5_000);
    const { result, ms } = timed(() => parseReferences(many, 501));
    expect(result.items).toHaveLength(501);
    expect(ms).toBeLessThan(BOUND_MS * 5);
  });
});

describe('reference text normalization', () => {
  it('keeps RIS and MEDLINE structure while collapsing runs', () => {
    expect(normalizeImportText('TY   -  JOUR\r\nTI  - A\t\tB   \r\n\r\n\r\n\r\nER  - ')).toBe(
      'TY  -  JOUR\nTI  - A  B\n\nER  -',
    );
    expect(normalizeImportText('PMID- 1\nTI  - Long\n      title\u0000.')).toBe(
      'PMID- 1\nTI  - Long\n  title.',
    );
  });

  it('MEDLINE continuation lines still join their field after normalization', () => {
    const [entry] = parseReferences(
      'PMID- 1\nTI  - The Third International\n      Consensus.\nAU  - Singer M',
      2,
    ).items;
    expect(entry?.title).toBe('The Third International Consensus');
  });
});

describe('CSL limits', () => {
  it('collapses whitespace in every string, then applies the limits', () => {
    const checked = validateCslItem({
      title: `  Early\n\n antibiotics${' '.repeat(5_000)}in sepsis `,
      author: [{ family: 'Smith  ', given: ' J   A' }],
    });
    expect(checked).toEqual({
      item: {
        type: 'article-journal',
        title: 'Early antibiotics in sepsis',
        author: [{ family: 'Smith', given: 'J A' }],
      },
    });
  });

  it.each([
    [{ title: 'x'.repeat(1_001) }, 'title: too long (at most 1000 characters)'],
    [
      { title: 'T', author: [{ family: 'x'.repeat(201) }] },
      'author.0.family: too long (at most 200 characters)',
    ],
    [{ title: 'T', author: [{ given: 'J' }] }, 'an author needs a family name or a literal name'],
    [{ title: 'T', DOI: 'not a doi' }, 'DOI: is not a DOI (10.xxxx/…)'],
    [{ title: 'T', PMID: '12ab' }, 'PMID: is not a PMID (1 to 9 digits)'],
    [{ title: 'T', URL: 'javascript:alert(1)' }, 'URL: is not an http(s) URL'],
    [{ title: 'T', volume: { a: 1 } }, 'volume: must be a number or text of at most 50 characters'],
    [{ title: 'T', type: 'Article Journal' }, 'type: is not a CSL type'],
    [{ title: '   ' }, 'title: is required'],
  ])('refuses %j: %s', (raw, problem) => {
    expect(validateCslItem(raw)).toEqual({ problem: expect.stringContaining(problem) as unknown });
  });

  it('keeps the first 100 authors and stores a DOI bare', () => {
    const checked = validateCslItem({
      title: 'A consortium trial',
      author: Array.from({ length: 1_500 }, (_, i) => ({ literal: `Investigator ${i}` })),
      DOI: 'https://doi.org/10.1056/NEJMoa2021436',
      PMID: 32678530,
    });
    expect('item' in checked && checked.item.author).toHaveLength(100);
    expect('item' in checked && checked.item.DOI).toBe('10.1056/NEJMoa2021436');
    expect('item' in checked && checked.item.PMID).toBe('32678530');
  });

  it('formats a reference stored before the limits existed, quickly, with its whitespace collapsed', () => {
    const legacy = {
      type: 'article-journal',
      title: `A${' '.repeat(N)}B`,
      author: [{ family: `S${' '.repeat(N)}` }],
    };
    const { result, ms } = timed(() => formatVancouver([legacy]));
    expect(ms).toBeLessThan(BOUND_MS * 2);
    expect(result).toEqual(['S. A B.']);
  });
});
