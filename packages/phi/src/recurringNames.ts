import { CLINICIAN_TITLES, EPONYM_NOUNS, NOT_A_NAME, PATIENT_TITLES, RELATIONS } from './nameContext.ts';
import { NOT_NAMES } from './firstNames.ts';
import { type Candidate, CONTEXT } from './scan.ts';
import { maskName } from './mask.ts';
import { isAllCaps, isCapitalized, isPunct, type Token, WORD } from './tokenize.ts';

/**
 * A name found once in a text ("Mrs. Okafor", "patient Amara Okafor") names the same person when
 * it comes back bare ("Okafor was discharged", "Amara ate"): the words of every name finding are
 * remembered, and each later (or earlier) capitalized occurrence of one is flagged too. Ordinary
 * words that are also first names ("Will", "Grace") and hospital words are never remembered; an
 * occurrence after a clinician's title ("Dr. Okafor") or before an eponym noun is left alone.
 * One pass over the tokens, set lookups only: linear.
 */
export function nameWords(tokens: readonly Token[], findings: readonly Candidate[], into: Set<string>): void {
  let t = 0;
  for (const f of findings) {
    if (f.kind !== 'person_name') continue;
    while (t < tokens.length && (tokens[t]?.end ?? 0) <= f.start) t++;
    for (let k = t; k < tokens.length && (tokens[k]?.start ?? Infinity) < f.end; k++) {
      const tok = tokens[k];
      if (!tok || tok.type !== WORD || tok.text.length < 3) continue;
      if (!isCapitalized(tok) && !isAllCaps(tok)) continue;
      if (remembered(tok.lower)) into.add(tok.lower);
    }
  }
}

const remembered = (w: string): boolean =>
  !NOT_NAMES.has(w) &&
  !NOT_A_NAME.has(w) &&
  !CLINICIAN_TITLES.has(w) &&
  !PATIENT_TITLES.has(w) &&
  !RELATIONS.has(w) &&
  !EPONYM_NOUNS.has(w);

/** Candidates for the bare occurrences of remembered name words not already inside a finding. */
export function recurringNames(
  text: string,
  tokens: readonly Token[],
  words: ReadonlySet<string>,
  kept: readonly Candidate[],
): Candidate[] {
  const out: Candidate[] = [];
  if (words.size === 0) return out;
  let f = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok || tok.type !== WORD || !words.has(tok.lower)) continue;
    if (!isCapitalized(tok) && !isAllCaps(tok)) continue;
    while (f < kept.length && (kept[f]?.end ?? 0) <= tok.start) f++;
    const cover = kept[f];
    if (cover && cover.start < tok.end) continue;
    if (afterClinicianTitle(tokens, i)) continue;
    const next = tokens[i + 1];
    const after = next && isPunct(next, "'’") ? tokens[i + 3] : next;
    if (after && after.type === WORD && EPONYM_NOUNS.has(after.lower)) continue;
    out.push({
      kind: 'person_name',
      start: tok.start,
      end: tok.end,
      excerpt: maskName(text.slice(tok.start, tok.end)),
      priority: CONTEXT,
    });
  }
  return out;
}

function afterClinicianTitle(tokens: readonly Token[], i: number): boolean {
  let k = i - 1;
  if (isPunct(tokens[k], '.')) k--;
  const title = tokens[k];
  if (title && title.type === WORD && CLINICIAN_TITLES.has(title.lower)) return true;
  // "Dr. Amara Okafor": the title two words back.
  const prev = tokens[i - 1];
  if (prev && prev.type === WORD && isCapitalized(prev)) {
    let j = i - 2;
    if (isPunct(tokens[j], '.')) j--;
    const t2 = tokens[j];
    return !!t2 && t2.type === WORD && CLINICIAN_TITLES.has(t2.lower);
  }
  return false;
}
