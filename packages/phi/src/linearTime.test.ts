import { describe, expect, it } from 'vitest';
import { detectPhi } from './detectPhi.ts';

/**
 * Best of `runs` after a warm-up (the JIT compiles the rules): the machine is shared, the bound is
 * about the algorithm, not the neighbours.
 */
function bestMs(text: string, runs = 3, warmUps = 10): number {
  for (let warm = 0; warm < warmUps; warm++) detectPhi(text.slice(0, 10_000));
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    detectPhi(text);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const PAGE = [
  'Atrial fibrillation: stroke prevention. The CHA2DS2-VASc score (Lip GY, 2010) guides anticoagulation; ',
  'apixaban 5 mg twice daily, or 2.5 mg when two of age ≥ 80, weight ≤ 60 kg, creatinine ≥ 133 µmol/L. ',
  'The ARISTOTLE trial (2011) reduced stroke by 21%. Wells criteria and the Glasgow Coma Scale are eponyms; ',
  'Dr. Osler taught at the bedside. Patient John Smith, MRN 12345678, DOB 01/02/1960, phone 416-555-1234. ',
].join('');

describe('detector stays linear', () => {
  it('reads 1 MB of digits and 1 MB of spaces in under 100 ms', () => {
    expect(bestMs('7'.repeat(1_000_000))).toBeLessThan(100);
    expect(bestMs(' '.repeat(1_000_000))).toBeLessThan(100);
  });

  // The < 5 ms target for a 10k page is measured by `npm run phi:eval` (docs/phi.md), not asserted
  // here: this shared machine is too noisy for a 5 ms bar. Asserted: linear, and far inside a turn.
  it('reads a 10k-character page well inside one event-loop turn, and 4x the page in about 4x the time', () => {
    const page = PAGE.repeat(Math.ceil(10_000 / PAGE.length)).slice(0, 10_000);
    expect(detectPhi(page).length).toBeGreaterThan(0);
    const small = bestMs(page, 40, 100);
    expect(small).toBeLessThan(25);
    expect(bestMs(page.repeat(4), 10, 25)).toBeLessThan(Math.max(8 * small, 20));
  });

  it('reads a megabyte of hostile patterns in seconds, not hours (a quadratic rule would not finish)', () => {
    for (const unit of ['1-', 'Mr Smith ', 'a@b.', '01/02/1960 ']) {
      const start = performance.now();
      detectPhi(unit.repeat(Math.ceil(1_000_000 / unit.length)));
      expect(performance.now() - start).toBeLessThan(5_000);
    }
  }, 60_000);

  it.each([
    ['digits', '1'],
    ['letters', 'a'],
    ['capitals', 'A'],
    ['spaces', ' '],
    ['newlines', '\n'],
    ['hyphens', '-'],
    ['dots', '.'],
    ['slashes', '/'],
    ['at signs', '@'],
    ['plus signs', '+'],
    ['parentheses', '('],
    ['non-ASCII letters', 'é'],
    ['emoji', '😀'],
    ['digit-hyphen', '1-'],
    ['digit-dot', '1.'],
    ['digit-space', '1 '],
    ['word-space', 'Mr Smith '],
    ['email-ish', 'a@b.'],
    ['url-ish', 'http://'],
    ['keyword-ish', 'MRN '],
    ['date-ish', '01/02/1960 '],
    ['phone-ish', '416-555-1234 '],
    ['name-ish', 'patient John '],
    ['ages-list-ish', 'ages: patient 96, '],
    ['far-label-ish', 'SIN on the form '],
    ['introduced-name-ish', 'please see Aiden '],
    ['family-ish', 'The Andersons live at '],
    ['relation-ish', 'Lily (the patient’s '],
    ['appositive-ish', 'The toddler, Mateo, '],
    ['chained-date-ish', 'admitted on March 3 and '],
    ['compact-date-ish', 'DOB 19580412 '],
    ['possessive-ish', "Wojcik's "],
    ['addressed-ish', 'with Jamal '],
    ['handover-ish', 'Bed 4: Tran, '],
    ['lower-name-ish', 'name: kowalski, '],
  ])(
    'reads a 100k-character run of %s in bounded time',
    (_name, unit) => {
      const text = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
      // A quadratic rule would take minutes here; the bound leaves room for a shared, loaded machine.
      expect(bestMs(text)).toBeLessThan(1_000);
    },
    30_000,
  );
});

describe('v3 rules stay linear', () => {
  it('reads 1 MB of zero-width characters, full-width digits and look-alike letters quickly', () => {
    expect(bestMs('\u200b'.repeat(1_000_000), 2, 1)).toBeLessThan(400);
    expect(bestMs('１'.repeat(1_000_000), 2, 1)).toBeLessThan(400);
    expect(bestMs('МRN 1\u200b'.repeat(100_000), 2, 1)).toBeLessThan(2500);
  });

  it('reads 100k repeats of a remembered name in about linear time', () => {
    const one = 'Mrs. Okafor. ' + 'Okafor '.repeat(10_000);
    const four = 'Mrs. Okafor. ' + 'Okafor '.repeat(40_000);
    const small = bestMs(one, 3, 2);
    expect(bestMs(four, 3, 2)).toBeLessThan(Math.max(8 * small, 50));
  });
});

describe('label collapsing stays linear', () => {
  it('reads spaced and dotted capitals and glued labels in linear time (4x the text, about 4x the time)', () => {
    for (const unit of ['M R ', 'M.R.N.', 'mrn1 ']) {
      const quarter = bestMs(unit.repeat(25_000), 3, 1);
      expect(bestMs(unit.repeat(100_000), 2, 0)).toBeLessThan(Math.max(12 * quarter, 500));
    }
    // Several hundred kilobytes per run, each several times: seconds on a loaded shared machine.
  }, 60_000);
});
