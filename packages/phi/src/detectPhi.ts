import { findAges } from './ages.ts';
import { findDates } from './dates.ts';
import { findFormattedIdentifiers } from './formats.ts';
import type { PhiFinding, PhiOptions } from './kinds.ts';
import { findLabelledIdentifiers } from './labelledIdentifiers.ts';
import { findPersonNames } from './personNames.ts';
import { type Candidate, Scan } from './scan.ts';
import { findStreetAddresses } from './streetAddresses.ts';
import { findWebIdentifiers } from './webIdentifiers.ts';
import { type Normalized, normalizeForDetection, toOriginal } from './normalize.ts';
import { nameWords, recurringNames } from './recurringNames.ts';
import type { Token } from './tokenize.ts';

/** Words of the allowed names, lower case ("Gregory Y. H. Lip" → gregory, lip). */
function allowedWords(names: Iterable<string> | undefined): Set<string> {
  const words = new Set<string>();
  if (!names) return words;
  for (const name of names) {
    for (const word of name
      .slice(0, 200)
      .toLowerCase()
      .split(/[^\p{L}\p{M}'’-]+/u)) {
      if (word.length >= 2) words.add(word);
    }
  }
  return words;
}

/** A name finding all of whose words are allowed (an author, a Rounds user) is dropped. */
function allowed(text: string, candidate: Candidate, words: Set<string>): boolean {
  if (candidate.kind !== 'person_name' || words.size === 0) return false;
  const parts = text
    .slice(candidate.start, candidate.end)
    .toLowerCase()
    .split(/[^\p{L}\p{M}'’-]+/u)
    .filter((w) => w.length >= 2);
  return parts.length > 0 && parts.every((w) => words.has(w));
}

/**
 * Higher priority first, then longer; a candidate overlapping a kept one is dropped. Occupancy is
 * marked per character: kept spans never overlap and every span is short, so this stays linear.
 */
function resolve(text: string, candidates: Candidate[]): Candidate[] {
  const ordered = [...candidates].sort(
    (a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const taken = new Uint8Array(text.length);
  const kept: Candidate[] = [];
  for (const c of ordered) {
    let free = true;
    for (let k = c.start; k < c.end && free; k++) if (taken[k]) free = false;
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Likely patient identifiers in `text`. Deterministic and linear: one tokenizer pass, then each rule
 * reads small fixed windows of tokens. Labelled identifiers first, then shapes, then context
 * (names, dates, ages); safe patterns (eponyms, authors, clinicians, units, thresholds) inside rules.
 */
export function detectPhi(text: string, options: PhiOptions = {}): PhiFinding[] {
  if (text.length === 0) return [];
  const words = allowedWords(options.allowNames);
  const pass = firstPass(text, words);
  const names = new Set<string>();
  nameWords(pass.tokens, pass.kept, names);
  return finish(text, pass, names, words);
}

interface Pass {
  norm: Normalized;
  tokens: Token[];
  kept: Candidate[];
}

/** Every rule on the normalized copy of the text (evasions undone, `normalize.ts`). */
function firstPass(text: string, words: Set<string>): Pass {
  const norm = normalizeForDetection(text);
  const scan = new Scan(norm.text);
  findLabelledIdentifiers(scan);
  findWebIdentifiers(scan);
  findFormattedIdentifiers(scan);
  findStreetAddresses(scan);
  findDates(scan);
  findAges(scan);
  findPersonNames(scan);
  const kept = resolve(
    norm.text,
    scan.candidates.filter((c) => !allowed(norm.text, c, words)),
  );
  return { norm, tokens: scan.tokens, kept };
}

/** Adds the bare recurrences of the names found, maps offsets back to the original text. */
function finish(text: string, pass: Pass, names: Set<string>, words: Set<string>): PhiFinding[] {
  for (const w of words) names.delete(w);
  const more = recurringNames(pass.norm.text, pass.tokens, names, pass.kept);
  const all = more.length === 0 ? pass.kept : [...pass.kept, ...more].sort((a, b) => a.start - b.start);
  const map = pass.norm.map;
  return all.map(({ kind, start, end, excerpt }) => {
    if (!map) return { kind, start, end, excerpt };
    const [s, e] = toOriginal(map, text, start, end);
    return { kind, start: s, end: e, excerpt };
  });
}

export interface PhiBlock {
  blockId: string;
  text: string;
}

export interface PhiBlockFinding extends PhiFinding {
  blockId: string;
}

/**
 * Findings of every block, in block order; the allowed names are prepared once, and a name found
 * in one block is recognised when it comes back bare in another.
 */
export function detectPhiInBlocks(blocks: readonly PhiBlock[], options: PhiOptions = {}): PhiBlockFinding[] {
  const words = allowedWords(options.allowNames);
  const names = new Set<string>();
  const passes: (Pass | undefined)[] = blocks.map((block) => {
    if (block.text.length === 0) return undefined;
    const pass = firstPass(block.text, words);
    nameWords(pass.tokens, pass.kept, names);
    return pass;
  });
  const out: PhiBlockFinding[] = [];
  blocks.forEach((block, k) => {
    const pass = passes[k];
    if (!pass) return;
    for (const finding of finish(block.text, pass, names, words))
      out.push({ ...finding, blockId: block.blockId });
  });
  return out;
}
