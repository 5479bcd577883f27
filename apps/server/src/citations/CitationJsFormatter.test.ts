import { DomainError, type CslItem } from '@rounds/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { CitationJsFormatter } from './CitationJsFormatter.ts';

const formatter = new CitationJsFormatter();
const impatient = new CitationJsFormatter({ timeoutMs: 1, workers: 1 });
afterAll(async () => {
  await Promise.all([formatter.close(), impatient.close()]);
});

const item = (i: number): CslItem => ({
  type: 'article-journal',
  title: `Early antibiotics in sepsis, trial ${i}`,
  author: [
    { family: 'Smith', given: 'John A' },
    { family: 'Doe', given: 'Jane' },
  ],
  'container-title': 'N Engl J Med',
  issued: { 'date-parts': [[2020]] },
  volume: '382',
  page: '210-219',
  DOI: `10.1056/NEJMoa${1000 + i}`,
});

/** Runs `fn`, resolving with its result and the longest the event loop was held meanwhile. */
async function withLongestGap<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; ms: number; longestGap: number }> {
  let longestGap = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 5);
  const start = performance.now();
  try {
    const result = await fn();
    return { result, ms: performance.now() - start, longestGap };
  } finally {
    clearInterval(ticker);
  }
}

describe('citation-js formatter', () => {
  it('formats 500 references off the event loop, then from its cache', async () => {
    await formatter.formatVancouver([item(-1)]);
    const items = Array.from({ length: 500 }, (_, i) => item(i));
    const cold = await withLongestGap(() => formatter.formatVancouver(items));
    const warm = await withLongestGap(() => formatter.formatVancouver(items));
    process.stdout.write(
      `formatting 500 references: ${cold.ms.toFixed(0)} ms uncached (event loop held ≤ ${cold.longestGap.toFixed(0)} ms), ${warm.ms.toFixed(0)} ms cached\n`,
    );
    expect(cold.result[0]).toBe(
      'Smith JA, Doe J. Early antibiotics in sepsis, trial 0. N Engl J Med. 2020;382:210–9. doi:10.1056/NEJMoa1000',
    );
    expect(warm.result).toEqual(cold.result);
    expect(cold.longestGap).toBeLessThan(100);
    expect(warm.ms).toBeLessThan(200);
  });

  it('caches per item version: equal items share a text, an edited item gets its own', async () => {
    const { title, ...rest } = item(1);
    const [a, b, c] = await formatter.formatVancouver([
      item(1),
      { ...rest, title },
      { ...item(1), title: 'Edited' },
    ]);
    expect(b).toBe(a);
    expect(c).toMatch(/^Smith JA, Doe J\. Edited\./);
  });

  it('refuses an import it cannot read within its time budget, with too_large', async () => {
    const text = '@article{k, title = {T}, author = {Smith, J}}\n'.repeat(2_000);
    const refusal = await impatient.parse(text, 501).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/took longer than/) as unknown,
    });
  });

  it('parses in a worker and validates what it read', async () => {
    const { items, errors } = await formatter.parse(
      `@article{ok, title = {Fine}, author = {Smith, J}}\n@article{long, title = {${'x'.repeat(1_200)}}}`,
      10,
    );
    expect(items.map((i) => i.title)).toEqual(['Fine']);
    expect(errors).toEqual(['BibTeX entry 2 (long): title: too long (at most 1000 characters)']);
  });
});
