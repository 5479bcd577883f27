import { performance } from 'node:perf_hooks';
import { PHI_KINDS, detectPhi, detectPhiInBlocks } from '@rounds/phi';
import { Rng } from './rng.ts';

/**
 * Seeded fuzzing of the patient-identifier detector: hostile compositions of the pieces its rules
 * key on (labels, titles, digit runs, separators, names, dates, URLs) plus raw noise. Properties:
 * it never throws, answers the same twice, keeps findings inside the text with known kinds, never
 * shows an identifier unmasked, and stays linear (a piece repeated 4× more costs at most ~8× more).
 */
const PIECES = [
  'MRN',
  'MRN:',
  'MR#',
  'chart',
  'OHIP',
  'health card',
  'SIN',
  'SSN',
  'tel',
  'fax',
  'phone',
  'ext.',
  'Mr.',
  'Mrs',
  'Ms.',
  'Miss',
  'Dr.',
  'patient',
  'pt',
  'Baby girl',
  'her son',
  'his wife',
  'DOB',
  'born',
  'admitted',
  'discharged',
  'died',
  'aged',
  'year-old',
  'y/o',
  'room',
  'bed',
  'ward',
  'SN:',
  'serial',
  'plate',
  "driver's licence",
  'https://emr.example.local/chart/',
  'http://',
  '@',
  '.',
  '-',
  '/',
  ':',
  ',',
  '(',
  ')',
  '+1',
  '#',
  ' ',
  '  ',
  '\n',
  '\t',
  '\u00a0',
  '\u200b',
  'é',
  '̈',
  'John',
  'Smith',
  'Maria',
  'Nguyen',
  'Crohn',
  'Glasgow',
  'Whipple',
  'Osler',
  'Lip GY',
  'et al.',
  'mg',
  'mmol/L',
  '%',
  'bpm',
  'mmHg',
  'q12h',
  'Street',
  'St',
  'Ave',
  'Rd',
  'M5V',
  '2T6',
  '90210',
  '192.168.',
  '::1',
  'fe80::',
  '2024',
  '01/02/1960',
  '3 March 2024',
  'Mar',
  'March',
  '31',
  '0',
  '9',
] as const;

const DIGITS = '0123456789';

function piece(rng: Rng): string {
  switch (rng.int(6)) {
    case 0:
      return Array.from({ length: rng.range(1, 14) }, () => DIGITS[rng.int(10)]).join('');
    case 1:
      return String.fromCharCode(rng.range(32, 0x2fff));
    default:
      return rng.pick(PIECES);
  }
}

/** A random sentence-ish string of `pieces` parts. */
export function hostileText(rng: Rng, pieces: number): string {
  const parts: string[] = [];
  for (let i = 0; i < pieces; i++) {
    parts.push(piece(rng));
    if (rng.chance(0.6)) parts.push(' ');
  }
  return parts.join('');
}

export interface PhiFuzzResult {
  cases: number;
  failures: string[];
  slowestMsPer64k: number;
}

const KINDS = new Set<string>(PHI_KINDS);

function checkOne(text: string, label: string, failures: string[]): void {
  let first;
  try {
    first = detectPhi(text);
  } catch (err: unknown) {
    failures.push(`${label}: threw ${String(err)}`);
    return;
  }
  const again = detectPhi(text);
  if (JSON.stringify(again) !== JSON.stringify(first)) failures.push(`${label}: not deterministic`);
  for (const f of first) {
    if (!KINDS.has(f.kind)) failures.push(`${label}: unknown kind ${f.kind}`);
    if (!(f.start >= 0 && f.start < f.end && f.end <= text.length))
      failures.push(`${label}: finding outside the text (${f.start}..${f.end})`);
    const raw = text.slice(f.start, f.end);
    // Masking keeps at most the last four characters of an identifier; anything longer must not show.
    if (raw.replace(/\s/g, '').length > 5 && f.excerpt.includes(raw))
      failures.push(`${label}: excerpt shows the identifier unmasked (${f.kind})`);
  }
}

/** Time of one call, best of three (the machine is shared and noisy). */
function timeOf(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    detectPhi(text);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export function runPhiFuzz(seed: number, cases: number): PhiFuzzResult {
  const rng = new Rng(seed);
  const failures: string[] = [];
  let slowestMsPer64k = 0;
  for (let i = 0; i < cases; i++) {
    const text = hostileText(rng, rng.range(1, 400));
    checkOne(text, `seed ${seed} case ${i}`, failures);
    // Blocks: the same text cut anywhere answers within each block's bounds.
    const cut = rng.int(text.length + 1);
    const blocks = [
      { blockId: 'a', text: text.slice(0, cut) },
      { blockId: 'b', text: text.slice(cut) },
    ];
    for (const f of detectPhiInBlocks(blocks)) {
      if (f.blockId !== 'a' && f.blockId !== 'b') failures.push(`seed ${seed} case ${i}: unknown block`);
    }
  }
  // Linearity: one hostile piece repeated, at 16k and 64k characters.
  for (let i = 0; i < 12; i++) {
    const unit = `${hostileText(rng, rng.range(1, 6))} `;
    const small = unit.repeat(Math.ceil(16_384 / unit.length));
    const large = unit.repeat(Math.ceil(65_536 / unit.length));
    const ts = timeOf(small);
    const tl = timeOf(large);
    slowestMsPer64k = Math.max(slowestMsPer64k, (tl * 65_536) / large.length);
    // 4× the input may cost at most ~8× the time (and a floor for timer noise on tiny times).
    if (tl > Math.max(8 * ts, 25))
      failures.push(
        `seed ${seed} linearity: ${JSON.stringify(unit.slice(0, 60))} took ${tl.toFixed(1)} ms at 64k vs ${ts.toFixed(1)} ms at 16k`,
      );
  }
  return { cases, failures, slowestMsPer64k };
}
