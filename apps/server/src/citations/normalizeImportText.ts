/**
 * Pasted BibTeX, RIS or MEDLINE text with its whitespace made harmless, before anything else reads
 * it: line breaks become `\n`, other spaces and tabs a plain space, control characters go, runs
 * of spaces shrink to two (RIS and MEDLINE tags are followed by exactly two; MEDLINE continuation
 * lines need an indent of at least two), trailing spaces go, and blank lines shrink to one (records
 * are separated by one). Parsers downstream (ours and citation-js) then never meet long runs, which
 * made them quadratic: 127,000 newlines took 13 s, 60,000 spaces 4 s.
 *
 * Each step is linear: every pattern is a single character class or a run that starts only where
 * the run starts (`(?<! )`), never retried from every position inside it.
 */
export function normalizeImportText(text: string): string {
  return (
    text
      .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
      .replace(/[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]/g, ' ')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\x00-\x08\x0e-\x1f\x7f]/g, '')
      .replace(/ {3,}/g, '  ')
      .replace(/(?<! ) +\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
