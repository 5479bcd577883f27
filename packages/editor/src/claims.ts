import type { JSONContent } from '@tiptap/core';
import { walk, walkBlocks } from './citations.ts';

/**
 * "Citation needed": sentences that make clinical claims, in blocks that cite nothing.
 *
 * Hand-written because no maintained library detects clinical claims in English text; the rules
 * are deliberately narrow (measured on a labelled set in claims.test.ts) so that ordinary
 * explanatory text is not flagged: doses with units, percentages and rates, numeric thresholds,
 * and recommendation language — "should/must" only together with a clinical action.
 */
const UNIT = String.raw`(?:mg|mcg|µg|micrograms?|milligrams?|grams?|g|units?|IU|mL|ml|mmol|mEq|L)(?:\s*\/\s*(?:kg|m2|m²|day|d|h|hr|hour|min|dose))*`;
const PATTERNS: readonly RegExp[] = [
  // Doses: "0.5 mg", "10 mL/kg", "0.1 units/kg/hour", "1-2 g".
  new RegExp(String.raw`\b\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s*${UNIT}\b`, 'i'),
  // Percentages and rates: "30%", "5 per cent", "1 in 4", "3 per 1000", "fivefold".
  /\d+(?:[.,]\d+)?\s*(?:%|per ?cent\b)/i,
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
const CLINICAL_ACTION =
  /\b(?:give|given|giving|treat\w*|administer\w*|start\w*|initiat\w*|prescrib\w*|avoid\w*|monitor\w*|dos(?:e|ed|ing)|infus\w*|inject\w*|stop\w*|withh(?:o|e)ld\w*|refer\w*|admit\w*|intubat\w*|transfus\w*|anticoagulat\w*)\b/i;

/** Whether one sentence makes a clinical claim that needs a citation. */
export function isClinicalClaim(sentence: string): boolean {
  if (PATTERNS.some((p) => p.test(sentence))) return true;
  return MODAL.test(sentence) && CLINICAL_ACTION.test(sentence);
}

/** Sentences of a block's text (a period followed by space and a capital or digit ends one). */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z0-9“"(])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface UncitedClaim {
  blockId: string;
  sentence: string;
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
    for (const sentence of splitSentences(text)) {
      if (isClinicalClaim(sentence)) claims.push({ blockId: String(block.attrs?.id ?? ''), sentence });
    }
  });
  return claims;
}
