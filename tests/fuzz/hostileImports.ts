import type { Rng } from './rng.ts';

/**
 * Reference imports (BibTeX, RIS, PubMed MEDLINE) built to find quadratic parsing: 100k-character
 * runs of what regexes and tokenizers loop over (spaces, newlines, digits, braces), repeated entry
 * openers, unterminated quotes and braces, and record lines repeated by the thousand. Each must be
 * answered within a few seconds with 201 or a 4xx.
 */
export interface HostileImport {
  name: string;
  text: string;
}

/** The run length of the issue: a linear parser reads it in milliseconds. */
export const RUN = 100_000;

const rep = (s: string, total: number): string => s.repeat(Math.max(1, Math.floor(total / s.length)));

/** The fixed set, run in full by the short suite. */
export function hostileImports(n = RUN): HostileImport[] {
  return [
    { name: `${n} spaces`, text: ' '.repeat(n) },
    { name: `${n} newlines`, text: '\n'.repeat(n) },
    { name: `${n} CRLF`, text: rep('\r\n', n) },
    { name: `${n} digits`, text: '1'.repeat(n) },
    { name: `${n} tabs`, text: '\t'.repeat(n) },
    { name: `${n} {`, text: '{'.repeat(n) },
    { name: `${n} }`, text: '}'.repeat(n) },
    { name: `${n} "`, text: '"'.repeat(n) },
    { name: `${n} backslashes`, text: '\\'.repeat(n / 2) },
    { name: '@article{ repeated', text: rep('@article{', n) },
    { name: '@article{x, repeated', text: rep('@article{x,', n) },
    { name: 'BibTeX: unterminated quote', text: `@article{a, title = "${'x'.repeat(n)}` },
    { name: 'BibTeX: unterminated brace', text: `@article{a, title = {${'x '.repeat(n / 2)}` },
    { name: 'BibTeX: nested braces', text: `@article{a, title = ${'{'.repeat(n / 2)}x${'}'.repeat(n / 2)}}` },
    { name: 'BibTeX: title of spaces', text: `@article{a, title = {${' '.repeat(n)}x}, year = {2020}}` },
    { name: 'BibTeX: year of digits', text: `@article{a, title = {T}, year = {${'1'.repeat(n)}}}` },
    { name: 'BibTeX: pages of digits', text: `@article{a, title = {T}, pages = {${'1'.repeat(n)}}}` },
    {
      name: 'BibTeX: 20k authors',
      text: `@article{a, title = {T}, author = {${rep('Doe, J and ', n)}Roe, R}}`,
    },
    { name: 'BibTeX: accents', text: `@article{a, title = {${rep("{\\'e}", n)}}}` },
    {
      name: 'BibTeX: @string concatenation',
      text: `@string{s = "x"}\n@article{a, title = ${rep('s # ', n)}s}`,
    },
    { name: 'BibTeX: comment lines', text: `${rep('% comment\n', n)}@article{a, title={T}}` },
    { name: 'RIS: title of spaces', text: `TY  - JOUR\nTI  - ${' '.repeat(n)}x\nER  - ` },
    { name: 'RIS: title of digits', text: `TY  - JOUR\nTI  - ${'1'.repeat(n)}\nER  - ` },
    { name: 'RIS: 12k AU lines', text: `TY  - JOUR\nTI  - T\n${rep('AU  - Doe, J\n', n)}ER  - ` },
    { name: 'RIS: TY lines', text: rep('TY  - JOUR\n', n) },
    { name: 'RIS: PY of digits', text: `TY  - JOUR\nTI  - T\nPY  - ${'1'.repeat(n)}\nER  - ` },
    { name: 'RIS: no ER, many lines', text: `TY  - JOUR\n${rep('N1  - note\n', n)}` },
    { name: 'MEDLINE: AU of spaces', text: `PMID- 1\nTI  - T\nAU  - ${' '.repeat(n)}x` },
    { name: 'MEDLINE: DP of digits', text: `PMID- 1\nTI  - T\nDP  - ${'1'.repeat(n)}` },
    { name: 'MEDLINE: TI of spaces', text: `PMID- 1\nTI  - ${' '.repeat(n)}x` },
    { name: 'MEDLINE: 10k AU lines', text: `PMID- 1\nTI  - T\n${rep('AU  - Doe J\n', n)}` },
    { name: 'MEDLINE: PMID lines', text: rep('PMID- 1\n', n) },
    { name: 'MEDLINE: continuation lines', text: `PMID- 1\nTI  - T\nAB  - a\n${rep('      more\n', n)}` },
    { name: 'MEDLINE: AID of spaces', text: `PMID- 1\nTI  - T\nAID - ${' '.repeat(n)}[doi]` },
    { name: 'MEDLINE: tag of dashes', text: `PMID- 1\nTI  - T\n${'-'.repeat(n)}` },
  ];
}

/** One per parser and kind of run: what `npm test` sends (the whole set takes a long run). */
const SHORT = new Set([
  `${RUN} spaces`,
  `${RUN} newlines`,
  `${RUN} digits`,
  `${RUN} {`,
  '@article{ repeated',
  'BibTeX: unterminated quote',
  'BibTeX: title of spaces',
  'BibTeX: year of digits',
  'RIS: title of spaces',
  'RIS: 12k AU lines',
  'MEDLINE: DP of digits',
  'MEDLINE: 10k AU lines',
]);

export function fixedImports(which: 'all' | 'short' | 'none'): HostileImport[] {
  if (which === 'none') return [];
  const all = hostileImports();
  return which === 'all' ? all : all.filter((i) => SHORT.has(i.name));
}

const SEGMENTS = [
  ' ',
  '\n',
  '\r\n',
  '\t',
  '1',
  '{',
  '}',
  '"',
  ',',
  '=',
  '@article{',
  '@article{x, title = {',
  'title = "',
  'author = {Doe, J and ',
  'AU  - ',
  'TI  - ',
  'TY  - JOUR\n',
  'ER  - \n',
  'PMID- ',
  'DP  - ',
  '      ',
  '[doi]',
  '\\',
  '#',
  '%',
];

/** A random mix: runs of a few segments, up to about RUN characters. */
export function randomHostileImport(rng: Rng): HostileImport {
  const parts: string[] = [];
  const names: string[] = [];
  let length = 0;
  for (let i = rng.range(1, 4); i > 0 && length < RUN; i--) {
    const seg = rng.pick(SEGMENTS);
    const times = Math.max(1, Math.floor(rng.size(RUN) / seg.length));
    parts.push(seg.repeat(times));
    names.push(`${JSON.stringify(seg)}×${times}`);
    length += seg.length * times;
  }
  const prefix = rng.pick(['', '@article{a, title = {T}, ', 'TY  - JOUR\nTI  - T\n', 'PMID- 1\nTI  - T\n']);
  return {
    name: `${JSON.stringify(prefix)} + ${names.join(' + ')}`,
    text: (prefix + parts.join('')).slice(0, RUN),
  };
}
