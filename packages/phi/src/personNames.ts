import { FIRST_NAMES } from './firstNames.ts';
import {
  BABY_NOUNS,
  CLINICIAN_TITLES,
  EPONYM_NOUNS,
  GENDER_WORDS,
  NOT_A_NAME,
  PATIENT_CUES,
  PATIENT_NOUNS,
  PATIENT_PARTICIPLES,
  PATIENT_TITLES,
  PATIENT_VERBS,
  POSSESSIVES,
  RELATIONS,
} from './nameContext.ts';
import { CONTEXT, type Scan } from './scan.ts';
import { isAllCaps, isCapitalized, isPunct, NUM, type Token, WORD } from './tokenize.ts';

const nameWord = (t: Token | undefined): boolean => isCapitalized(t) && !NOT_A_NAME.has(t?.lower ?? '');
const initial = (tokens: Token[], k: number): boolean => {
  const t = tokens[k];
  return !!t && t.type === WORD && t.text.length === 1 && t.text !== t.lower && isPunct(tokens[k + 1], '.');
};

/**
 * A run of up to three name words starting at k ("John", "J. Smith", "O'Brien", "Smith-Jones").
 * Returns the last token, or -1.
 */
function nameRun(tokens: Token[], k: number, max = 3): number {
  let last = -1;
  let words = 0;
  let j = k;
  while (words < max) {
    if (initial(tokens, j) && nameWord(tokens[j + 2])) {
      j += 2;
      continue;
    }
    const apostrophe =
      tokens[j]?.type === WORD &&
      tokens[j]?.text.length === 1 &&
      isPunct(tokens[j + 1], "'’") &&
      isCapitalized(tokens[j + 2]) &&
      !tokens[j + 1]?.space &&
      !tokens[j + 2]?.space;
    if (!nameWord(tokens[j]) && !apostrophe) break;
    last = j;
    words++;
    // O'Brien, Smith-Jones: glued by an apostrophe or hyphen to another capitalized word.
    while (
      isPunct(tokens[last + 1], "-'’") &&
      !tokens[last + 1]?.space &&
      isCapitalized(tokens[last + 2]) &&
      !tokens[last + 2]?.space
    ) {
      last += 2;
    }
    j = last + 1;
    if (tokens[j]?.newline) break;
  }
  return last;
}

/** An eponym, an author citation or a clinician: "Crohn disease", "Lip GY", "Osler, MD", "Smith et al". */
function safeAfter(tokens: Token[], last: number, strong: boolean): boolean {
  let k = last + 1;
  // Possessive "Addison's disease".
  if (isPunct(tokens[k], "'’") && tokens[k + 1]?.lower === 's') k += 2;
  const next = tokens[k];
  if (!next) return false;
  if (next.type === WORD && EPONYM_NOUNS.has(next.lower)) return true;
  // Vancouver-style author "Lip GY": a surname and initials (only where context is weak).
  if (
    !strong &&
    k === last + 1 &&
    isAllCaps(next) &&
    next.text.length <= 2 &&
    !['ED', 'ER', 'OR'].includes(next.text)
  )
    return true;
  if (next.lower === 'et' && tokens[k + 1]?.lower === 'al') return true;
  if (
    isPunct(next, ',') &&
    ['md', 'rn', 'np', 'phd', 'frcpc', 'mbbs', 'do'].includes(tokens[k + 1]?.lower ?? '')
  )
    return true;
  return false;
}

function clinicianBefore(tokens: Token[], first: number): boolean {
  let k = first - 1;
  if (isPunct(tokens[k], '.')) k--;
  const t = tokens[k];
  return !!t && t.type === WORD && CLINICIAN_TITLES.has(t.lower);
}

function cueNear(tokens: Token[], first: number, last: number, window: number): boolean {
  for (let k = Math.max(0, first - window); k <= last + window && k < tokens.length; k++) {
    if (k >= first && k <= last) continue;
    const t = tokens[k];
    if (t && t.type === WORD && PATIENT_CUES.has(t.lower)) return true;
    if (t && /^\d{1,3}(yo|y|f|m)$/i.test(t.text)) return true;
  }
  return false;
}

function wordBetween(tokens: Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (tokens[k]?.type === WORD) return true;
  return false;
}

/** Skips ", : named name is" between a trigger and a name. */
function skipLink(tokens: Token[], k: number): number {
  for (let f = 0; f < 3; f++) {
    const t = tokens[k];
    if (isPunct(t, ',:') || (t && ['named', 'name', 'is', 'called'].includes(t.lower))) k++;
    else break;
  }
  return k;
}

function add(scan: Scan, first: number, last: number, strong = true): number {
  if (last < first || safeAfter(scan.tokens, last, strong) || clinicianBefore(scan.tokens, first)) return -1;
  scan.add('person_name', first, last, '', CONTEXT);
  return last;
}

/** Names in patient context only (Philter's approach): titles, patients, babies, relatives, labels. */
export function findPersonNames(scan: Scan): void {
  const { tokens } = scan;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.type !== WORD) continue;
    const lower = t.lower;
    let found = -1;
    if (PATIENT_TITLES.has(lower) && t.text[0] !== lower[0]) {
      // Mr. Smith, Mrs Nguyen, Ms. J. Brown
      const k = isPunct(tokens[i + 1], '.') ? i + 2 : i + 1;
      found = add(scan, k, nameRun(tokens, k));
    } else if (PATIENT_NOUNS.has(lower) || BABY_NOUNS.has(lower)) {
      let k = i + 1;
      const baby = BABY_NOUNS.has(lower);
      if (GENDER_WORDS.has(tokens[k]?.lower ?? '') && tokens[k]?.type === WORD && baby) k++;
      const linked = skipLink(tokens, k);
      const explicit = linked > k && wordBetween(tokens, k, linked);
      k = linked;
      const last = nameRun(tokens, k);
      const first = tokens[k];
      // "Patient Education" at the start of a heading is not a name: a capital trigger needs a first name.
      const lowerTrigger = t.text[0] === lower[0];
      if (
        last >= 0 &&
        first &&
        (baby ||
          explicit ||
          FIRST_NAMES.has(first.lower) ||
          (lowerTrigger && !PATIENT_VERBS.has(first.lower)))
      )
        found = add(scan, k, last);
    } else if (RELATIONS.has(lower)) {
      const k = skipLink(tokens, i + 1);
      const last = nameRun(tokens, k, 2);
      const before = tokens[i - 1];
      const possessed = !!before && POSSESSIVES.has(before.lower);
      if (last >= 0 && (FIRST_NAMES.has(tokens[k]?.lower ?? '') || possessed)) found = add(scan, k, last);
    } else if ((lower === 'name' || lower === 'names') && isPunct(tokens[i + 1], ':')) {
      const k = i + 2;
      found = add(scan, k, nameRun(tokens, k));
    } else if (FIRST_NAMES.has(lower) && isCapitalized(t)) {
      found = firstNameInCase(scan, i);
    }
    if (found >= 0) i = found;
  }
}

/** "John Smith, 64, …" near a patient cue; "Maria presented with …", "Daniel was admitted …". */
function firstNameInCase(scan: Scan, i: number): number {
  const { tokens } = scan;
  if (clinicianBefore(tokens, i)) return -1;
  const last = nameRun(tokens, i, 3);
  if (last < 0 || safeAfter(tokens, last, false)) return -1;
  const next = tokens[last + 1];
  const verb =
    (next && PATIENT_VERBS.has(next.lower)) ||
    (next &&
      (next.lower === 'was' || next.lower === 'is' || next.lower === 'has' || next.lower === 'had') &&
      PATIENT_PARTICIPLES.has(tokens[last + 2]?.lower ?? '')) ||
    (next &&
      (next.lower === 'is' || next.lower === 'was') &&
      tokens[last + 2]?.lower === 'a' &&
      tokens[last + 3]?.type === NUM);
  if (verb || (last > i && cueNear(tokens, i, last, 8))) return add(scan, i, last, false);
  return -1;
}
