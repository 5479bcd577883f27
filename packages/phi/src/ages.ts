import { RELATIONS } from './nameContext.ts';
import { CONTEXT, type Scan } from './scan.ts';
import { ALNUM, isCapitalized, isPunct, NUM, type Token, WORD } from './tokenize.ts';

const YEAR_WORDS = new Set(['year', 'years', 'yr', 'yrs', 'y', 'ans', 'años', 'anos', 'jahre']);
const FOREIGN_YEARS = new Set(['ans', 'años', 'anos', 'jahre']);
const PERSON_VERB = new Set(['is', 'was', 'turned', 'turns', 'turning']);
const PRONOUNS = new Set(['she', 'he', 'they', 'patient', 'pt', 'client', 'resident', 'who']);
const DECADE = /^(9\d|1[0-2]\d)s$/;
const POSSESSIVE = new Set(['her', 'his', 'their', 'late', 'mid', 'early']);
/** A threshold or range, not one person's age: "over 90", "≥ 90 years", "90 and older". */
const BOUND_BEFORE = new Set([
  'over',
  'above',
  'under',
  'below',
  'than',
  'least',
  'from',
  'between',
  'to',
  'aged>',
  'beyond',
  'past',
  'exceeding',
  'and',
  'or',
]);
const BOUND_AFTER = new Set(['and', 'or', 'to', 'plus']);

/** "Ages: median 92 (IQR 90–95)" describes a group. */
const STATISTIC_WORDS = new Set([
  'median',
  'mean',
  'average',
  'range',
  'iqr',
  'sd',
  'min',
  'max',
  'minimum',
  'maximum',
  'mode',
  'ranged',
]);
const TENS = new Set(['ninety', 'hundred']);
const UNITS_WORDS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']);

/** "ninety-two-year-old", "one hundred and one": the number words, last token index or -1. */
function wordAge(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (!t || t.type !== WORD) return -1;
  if (t.lower === 'ninety') {
    if (isPunct(tokens[i + 1], '-‐‑') && UNITS_WORDS.has(tokens[i + 2]?.lower ?? '')) return i + 2;
    return i;
  }
  if (t.lower === 'hundred' && tokens[i - 1]?.lower === 'one') return i;
  return -1;
}

const ageValue = (t: Token | undefined): number => {
  if (!t || t.type !== NUM || t.text.length > 3) return -1;
  const v = Number(t.text);
  return v >= 90 && v <= 125 ? v : -1;
};

/** "92-year-old", "92 years old", "92 yo", "92 y/o", "aged 92", "age: 92", "92yo", "92F". */
function ageEnd(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (!t) return -1;
  if (t.type === ALNUM && /^(9\d|1[0-2]\d)th$/i.test(t.text) && tokens[i + 1]?.lower === 'birthday')
    return i + 1;
  if (t.type === ALNUM && DECADE.test(t.text)) {
    // "in her 90s", "a man in his mid-90s"
    const before = tokens[i - 1];
    const prev = isPunct(before, '-') ? tokens[i - 2] : before;
    return prev && POSSESSIVE.has(prev.lower) ? i : -1;
  }
  if (t.type === ALNUM) {
    const m = /^(\d{2,3})(yo|y|yr|yrs|yof|yom|f|m)$/i.exec(t.text);
    return m && Number(m[1]) >= 90 && Number(m[1]) <= 125 ? i : -1;
  }
  if (ageValue(t) < 0) return -1;
  let k = i + 1;
  if (isPunct(tokens[k], '-‐‑')) k++;
  const w = tokens[k];
  if (w && w.type === WORD && YEAR_WORDS.has(w.lower)) {
    let e = k;
    if (isPunct(tokens[e + 1], '-‐‑')) e++;
    if (tokens[e + 1]?.lower === 'old') return e + 1;
    if (tokens[e + 1]?.lower === 'of' && tokens[e + 2]?.lower === 'age') return e + 2;
    if (w.lower === 'y' && isPunct(tokens[k + 1], '/.') && tokens[k + 2]?.lower === 'o') return k + 2;
    if (FOREIGN_YEARS.has(w.lower)) return k; // "96 ans", "92 años"
    // "Mr Osei, 92 years, lives alone"
    if (isPunct(tokens[i - 1], ',') && isCapitalized(tokens[i - 2]) && isPunct(tokens[k + 1], ',;)'))
      return k;
    return -2; // "92 years": an age only after "aged".
  }
  if (w && w.type === WORD && /^(yo|yof|yom|yoa)$/.test(w.lower)) return k;
  // "she is 99", "he turned 94"
  const verb = tokens[i - 1];
  if (verb && PERSON_VERB.has(verb.lower) && PRONOUNS.has(tokens[i - 2]?.lower ?? '')) return i;
  // "Mr. Osei (92)": a bracketed age after a name.
  if (isPunct(tokens[i - 1], '(') && isCapitalized(tokens[i - 2]) && isPunct(tokens[i + 1], ')')) return i;
  // "Nguyen Van An, 94, bed 21": a number set off by commas right after a name.
  const thousands = tokens[i + 2]?.type === NUM && !tokens[i + 2]?.space;
  if (
    isPunct(tokens[i - 1], ',') &&
    isCapitalized(tokens[i - 2]) &&
    isPunct(tokens[i + 1], ',;)') &&
    !thousands
  )
    return i;
  return -2;
}

function bounded(tokens: Token[], i: number, last: number): boolean {
  const before = tokens[i - 1];
  const before2 = tokens[i - 2];
  if (before && (BOUND_BEFORE.has(before.lower) || isPunct(before, '><≥≤+–-~'))) {
    // "a 92-year-old" keeps its hyphen; a dash before a number is a range.
    if (!(isPunct(before, '-–') && !tokens[i]?.space && before2?.type !== NUM)) return true;
  }
  if (before2 && (before2.lower === 'over' || before2.lower === 'than') && isPunct(before, '≥>')) return true;
  const after = tokens[last + 1];
  if (isPunct(after, '+%') && !after?.space) return true;
  if (isPunct(after, '-–') && tokens[last + 2]?.type === NUM) return true;
  if (after && BOUND_AFTER.has(after.lower)) {
    const next = tokens[last + 2]?.lower ?? '';
    if (['over', 'older', 'above', 'more', 'greater', 'up', 'beyond'].includes(next)) return true;
    // "90 to 100" is a range; "94 and 98" may be two people.
    if (after.lower !== 'and' && tokens[last + 2]?.type === NUM) return true;
  }
  return false;
}

/**
 * After "ages:" / "age:", up to six "word number" items separated by commas ("patient 96, spouse
 * 93"); each number over 89 that is not a bound is an age. Returns the last token read.
 */
function agesList(scan: Scan, from: number): number {
  const { tokens } = scan;
  let k = from;
  let found = false;
  for (let item = 0; item < 6; item++) {
    let w = 0;
    if (STATISTIC_WORDS.has(tokens[k]?.lower ?? '')) return from;
    while (w < 2 && tokens[k]?.type === WORD) {
      k++;
      w++;
    }
    if (tokens[k]?.type !== NUM) break;
    if (ageValue(tokens[k]) > 0 && !bounded(tokens, k, k) && w > 0) {
      scan.add('age', k, k, 'ages', CONTEXT);
      found = true;
    }
    k++;
    if (YEAR_WORDS.has(tokens[k]?.lower ?? '')) k++;
    if (!isPunct(tokens[k], ',;')) break;
    k++;
  }
  return found ? k : from;
}

const AGE_ENDS = new Set(['and', 'years', 'year', 'yrs', 'now', 'today', 'last', 'this', 'but', 'so']);

/**
 * "Ms. Zielińska, now 95, lives …", "(lolo Ernesto) is 92 and still driving", "grandpa is 93",
 * "she turned 90 last week": a person's age stated by a verb; a unit or noun after it is a value.
 */
function statedAge(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || ageValue(tokens[i + 1]) < 0) return false;
  const next = tokens[i + 2];
  const ends = !next || isPunct(next, ',.;)—') || AGE_ENDS.has(next.lower);
  if (!ends) return false;
  if (t.lower === 'now') return isPunct(tokens[i - 1], ',(');
  if (t.lower === 'turned' || t.lower === 'turns') return true;
  if (t.lower !== 'is' && t.lower !== 'was') return false;
  const subject = tokens[i - 1];
  return !!subject && (isPunct(subject, ')') || RELATIONS.has(subject.lower));
}

/** Ages over 89 (Safe Harbor): one person's age, not a threshold or range. */
export function findAges(scan: Scan): void {
  const { tokens } = scan;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || (t.type !== NUM && t.type !== ALNUM && t.type !== WORD)) continue;
    if (t.type === WORD && t.lower === 'nineties' && POSSESSIVE.has(tokens[i - 1]?.lower ?? '')) {
      scan.add('age', i, i, '', CONTEXT);
      continue;
    }
    if (t.type === WORD && TENS.has(t.lower)) {
      const end = wordAge(tokens, i);
      let k = end + 1;
      if (isPunct(tokens[k], '-‐‑')) k++;
      const unit = tokens[k]?.lower ?? '';
      if (
        end >= 0 &&
        (YEAR_WORDS.has(unit) || tokens[i - 1]?.lower === 'aged' || tokens[i - 1]?.lower === 'is')
      ) {
        if (!bounded(tokens, i, end)) scan.add('age', t.lower === 'hundred' ? i - 1 : i, end, '', CONTEXT);
        i = end;
      }
      continue;
    }
    if (t.type === WORD && (t.lower === 'ages' || t.lower === 'age') && isPunct(tokens[i + 1], ':')) {
      // "ages: patient 96, spouse 93": a labelled list of people's ages.
      const last = agesList(scan, i + 2);
      if (last > i + 2) {
        i = last;
        continue;
      }
    }
    if (t.type === WORD && statedAge(tokens, i)) {
      scan.add('age', i + 1, i + 1, t.text, CONTEXT);
      i++;
      continue;
    }
    if (t.type === WORD) {
      // "aged 92", "age: 92", "age of 92", "at 92 years"
      if (t.lower !== 'aged' && t.lower !== 'age') continue;
      let k = i + 1;
      if (isPunct(tokens[k], ':')) k++;
      if (tokens[k]?.lower === 'of') k++;
      if (ageValue(tokens[k]) < 0) continue;
      let last = k;
      if (tokens[k + 1] && YEAR_WORDS.has(tokens[k + 1]?.lower ?? '')) last = k + 1;
      if (!bounded(tokens, k, last)) scan.add('age', k, k, t.text, CONTEXT);
      // "aged 94 and 98": two people.
      if (
        (tokens[last + 1]?.lower === 'and' || isPunct(tokens[last + 1], ',')) &&
        ageValue(tokens[last + 2]) > 0
      ) {
        scan.add('age', last + 2, last + 2, t.text, CONTEXT);
        last += 2;
      }
      i = last;
      continue;
    }
    const last = ageEnd(tokens, i);
    if (last < 0) continue;
    if (!bounded(tokens, i, last)) scan.add('age', i, i, '', CONTEXT);
    i = last;
  }
}
