import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { JSONContent } from '@tiptap/core';
import { walk, walkBlocks } from './citations.ts';

/**
 * "Citation needed": sentences that make clinical claims, in blocks that cite nothing.
 *
 * Hand-written because no maintained library detects clinical claims in English text; the rules
 * are deliberately narrow (measured on a labelled set in claims.test.ts) so that ordinary
 * explanatory text is not flagged: doses with units, percentages and rates, numeric thresholds,
 * and recommendation language — "should/must" only together with a clinical action.
 *
 * Every pattern runs on every page read and review-queue load, on text anyone with edit rights
 * wrote, so each must be linear in its input: a pattern may start a `\d+`, `\s+` or `\w+` only
 * where the run starts (`\b` or a lookbehind), never at every character of a long run, which
 * would retry the whole run from each position (40,000 digits took 4 s). claims.test.ts feeds
 * every pattern 100,000-character runs.
 */
const UNIT = String.raw`(?:mg|mcg|µg|micrograms?|milligrams?|grams?|g|units?|IU|mL|ml|mmol|mEq|L)(?:\s*\/\s*(?:kg|m2|m²|day|d|h|hr|hour|min|dose))*`;
const PATTERNS: readonly RegExp[] = [
  // Doses: "0.5 mg", "10 mL/kg", "0.1 units/kg/hour", "1-2 g".
  new RegExp(String.raw`\b\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s*${UNIT}\b`, 'i'),
  // Percentages and rates: "30%", "5 per cent", "1 in 4", "3 per 1000", "fivefold". The lookbehind
  // starts a number only at the first digit of a run (a match from inside a run would use the
  // same digits anyway).
  /(?<!\d)\d+(?:[.,]\d+)?\s*(?:%|per ?cent\b)/i,
  /\b\d+\s+(?:in|per)\s+\d+(?:[.,]\d+)?\b/i,
  /\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)-?fold\b/i,
  // Thresholds: "above 7 mmol/L", "≥ 65", "less than 90".
  /(?:\b(?:above|below|greater than|less than|more than|fewer than|at least|at most|exceeds?|exceeding|over|under)\s+|[<>≤≥]\s*)\d/i,
  // Timing and duration of treatment: "within 1 hour", "for 5 days".
  /\b(?:within|for|after|every)\s+\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+)?\s*(?:h|hrs?|hours?|min|minutes?|days?|weeks?)\b/i,
  // Recommendation language.
  /\b(?:recommended|recommends?|first[- ]line|second[- ]line|contraindicated|is indicated|are indicated|treatment of choice|drug of choice)\b/i,
];
const MODAL = /\b(?:should|must)\b/i;
// Linear: the lookbehind admits only the position right after the punctuation.
const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z0-9“"(])/;
const CLINICAL_ACTION =
  /\b(?:give|given|giving|treat\w*|administer\w*|start\w*|initiat\w*|prescrib\w*|avoid\w*|monitor\w*|dos(?:e|ed|ing)|infus\w*|inject\w*|stop\w*|withh(?:o|e)ld\w*|refer\w*|admit\w*|intubat\w*|transfus\w*|anticoagulat\w*)\b/i;

/** Every regular expression of this module, for the linear-time test in claims.test.ts. */
export const CLAIM_PATTERNS: readonly RegExp[] = [...PATTERNS, MODAL, CLINICAL_ACTION, SENTENCE_END];

/**
 * Characters of a block (and of a sentence) that are analysed. A long paragraph is ~3,000
 * characters; past 10,000 a block is not prose a reviewer reads sentence by sentence, and the
 * cap keeps the cost of one block bounded whatever a client writes into the document.
 */
export const MAX_ANALYSED_CHARS = 10_000;

/** Whether one sentence makes a clinical claim that needs a citation. */
export function isClinicalClaim(sentence: string): boolean {
  const text = sentence.slice(0, MAX_ANALYSED_CHARS);
  if (PATTERNS.some((p) => p.test(text))) return true;
  return MODAL.test(text) && CLINICAL_ACTION.test(text);
}

/**
 * Sentences of a block's text (a period followed by space and a capital or digit ends one), of
 * its first `MAX_ANALYSED_CHARS` characters.
 */
export function splitSentences(text: string): string[] {
  return text
    .slice(0, MAX_ANALYSED_CHARS)
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface UncitedClaim {
  blockId: string;
  sentence: string;
}

// Block text hash → its claim sentences. Page reads and the review queue analyse the same
// unchanged blocks again and again. Bounded by entries and by the characters held (a hostile
// block can hold thousands of tiny claims); a Map iterates in insertion order, so evicting its
// first keys drops the least recently used.
const CACHE_MAX_ENTRIES = 5_000;
const CACHE_MAX_CHARS = 1_000_000;
const claimCache = new Map<string, { sentences: readonly string[]; chars: number }>();
let cachedChars = 0;

function claimSentences(text: string): readonly string[] {
  const analysed = text.slice(0, MAX_ANALYSED_CHARS);
  const key = bytesToHex(sha256(utf8ToBytes(analysed)));
  const hit = claimCache.get(key);
  if (hit) {
    claimCache.delete(key);
    claimCache.set(key, hit);
    return hit.sentences;
  }
  const sentences = splitSentences(analysed).filter(isClinicalClaim);
  const chars = key.length + sentences.reduce((sum, s) => sum + s.length, 0);
  claimCache.set(key, { sentences, chars });
  cachedChars += chars;
  for (const [oldKey, old] of claimCache) {
    if (claimCache.size <= CACHE_MAX_ENTRIES && cachedChars <= CACHE_MAX_CHARS) break;
    claimCache.delete(oldKey);
    cachedChars -= old.chars;
  }
  return sentences;
}

/** Clinical claims in blocks without any citation. */
export function findUncitedClaims(doc: JSONContent): UncitedClaim[] {
  const claims: UncitedClaim[] = [];
  walkBlocks(doc, (block, text) => {
    let cited = false;
    walk(block, (n) => {
      if (n.type === 'citation') cited = true;
    });
    if (cited) return;
    for (const sentence of claimSentences(text))
      claims.push({ blockId: String(block.attrs?.id ?? ''), sentence });
  });
  return claims;
}
