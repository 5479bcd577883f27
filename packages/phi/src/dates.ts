import { CONTEXT, LABELLED, type Scan } from './scan.ts';
import { ALNUM, isPunct, NUM, PUNCT, type Token, WORD } from './tokenize.ts';

const MONTHS = new Map<string, number>();
[
  ['january', 'jan', 'janvier', 'janv', 'enero'],
  ['february', 'feb', 'février', 'fevrier', 'févr', 'fev', 'febrero'],
  ['march', 'mar', 'mars', 'marzo'],
  ['april', 'apr', 'avril', 'avr', 'abril'],
  ['may', 'mai', 'mayo'],
  ['june', 'jun', 'juin', 'junio'],
  ['july', 'jul', 'juillet', 'juil', 'julio'],
  ['august', 'aug', 'août', 'aout', 'agosto'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre'],
  ['october', 'oct', 'octobre', 'octubre'],
  ['november', 'nov', 'novembre', 'noviembre'],
  ['december', 'dec', 'décembre', 'decembre', 'déc', 'diciembre'],
].forEach((names, index) => names.forEach((name) => MONTHS.set(name, index + 1)));

/** Words that tie a date to a person (Safe Harbor: every date element but the year). */
const PERSON_CUES = new Set([
  'dob',
  'born',
  'birth',
  'birthday',
  'birthdate',
  'admitted',
  'admission',
  'admit',
  'discharged',
  'discharge',
  'died',
  'death',
  'deceased',
  'expired',
  'seen',
  'visit',
  'visited',
  'presented',
  'operated',
  'surgery',
  'delivered',
  'transferred',
  'arrived',
  'attended',
  'injured',
  'diagnosed',
  'dod',
  'doa',
  'dos',
  'examined',
  'assessed',
  'referred',
  'scheduled',
  'appointment',
  'appt',
  'procedure',
  'underwent',
  'collected',
  'drawn',
  'scan',
  'imaged',
  'passed',
  'came',
  'returned',
  'readmitted',
  'intubated',
  'extubated',
  'ed',
  'er',
  'clinic',
  'followup',
  'called',
  'phoned',
  'emailed',
  'texted',
  'ordered',
  'noted',
  'stopped',
  'prescribed',
  'took',
  'planned',
  'postponed',
  'cancelled',
  'rescheduled',
  'induced',
  'discharge',
  'returns',
  'return',
  'visits',
  'seen',
  'arrival',
  'presentation',
  'fell',
  'fall',
  'accident',
  'mvc',
  'onset',
  'began',
  'started',
  'vaccinated',
  'immunized',
  'booked',
  'last',
  'next',
  'reviewed',
  'signed',
  'dictated',
  'consented',
  'performed',
  'biopsy',
  'delivery',
  'edd',
  'due',
  'conceived',
  'transfusion',
  'dialysis',
  'chemo',
  'date',
  'dated',
  'lmp',
  'injury',
  'ingresó',
  'admis',
  'admise',
  'né',
  'née',
  'décédé',
  'nacido',
  'nacida',
  'falleció',
  'follow',
  'she',
  'he',
  'patient',
  'pt',
  'his',
  'her',
]);
/** Context that makes a full date a publication or guideline date, not a person's. */
const PUBLICATION_CUES = new Set([
  'published',
  'updated',
  'accessed',
  'revised',
  'retrieved',
  'released',
  'issued',
  'amended',
  'effective',
  'guideline',
  'guidelines',
  'guidance',
  'statement',
  'consensus',
  'version',
  'edition',
  'update',
  'approved',
  'approval',
  'authorised',
  'authorized',
  'launched',
  'announced',
  'recall',
  'advisory',
  'epub',
  'online',
  'press',
  'conference',
  'meeting',
  'congress',
  'symposium',
  'trial',
  'study',
  'act',
  'law',
  'legislation',
]);

interface DateMatch {
  last: number;
  full: boolean;
  /** Month and year only ("March 2020"): tied to a person only by a strong cue. */
  monthYear?: boolean;
}

const STRONG_CUES = new Set([
  'dob',
  'born',
  'birth',
  'admitted',
  'discharged',
  'died',
  'death',
  'deceased',
  'lmp',
  'edd',
  'dod',
]);

const num = (t: Token | undefined, min: number, max: number): number => {
  if (!t || t.type !== NUM || t.text.length > 4) return -1;
  const v = Number(t.text);
  return v >= min && v <= max ? v : -1;
};

/** "5th", "21st" → 5, 21; a plain number too. */
const dayOf = (t: Token | undefined): number => {
  if (!t) return -1;
  if (t.type === NUM && t.text.length <= 2) return num(t, 1, 31);
  if (t.type === ALNUM && /^\d{1,2}(st|nd|rd|th)$/i.test(t.text)) {
    const v = parseInt(t.text, 10);
    return v >= 1 && v <= 31 ? v : -1;
  }
  return -1;
};

const monthOf = (t: Token | undefined): number =>
  t && t.type === WORD && t.text.length <= 10 ? (MONTHS.get(t.lower) ?? -1) : -1;

const yearOf = (t: Token | undefined): boolean =>
  !!t && t.type === NUM && t.text.length === 4 && num(t, 1880, 2099) > 0;

const tight = (tokens: Token[], k: number, chars: string): boolean => {
  const t = tokens[k];
  const next = tokens[k + 1];
  return !!t && t.type === PUNCT && chars.includes(t.text) && !t.space && !!next && !next.space;
};

/** Skips an optional "." after an abbreviated month and an optional ",". */
function skipPunct(tokens: Token[], k: number, chars: string): number {
  while (k < tokens.length && isPunct(tokens[k], chars) && chars.length > 0) {
    k++;
    chars = chars.replace(tokens[k - 1]?.text ?? '', '');
  }
  return k;
}

/** Numeric dates: 01/02/1960, 1-2-60, 2024-03-05, 05.03.2024; partial 03/05, 03/2024. */
function numericDate(tokens: Token[], i: number): DateMatch | null {
  const a = tokens[i];
  if (!a || a.type !== NUM) return null;
  const sep = tokens[i + 1];
  if (!sep || !tight(tokens, i + 1, '/-.')) return null;
  const b = tokens[i + 2];
  const s = sep.text;
  if (a.text.length === 4) {
    if (!yearOf(a) || num(b, 1, 12) < 0 || (b?.text.length ?? 0) > 2) return null;
    if (tight(tokens, i + 3, s) && dayOf(tokens[i + 4]) > 0 && tokens[i + 4]?.type === NUM)
      return { last: i + 4, full: true };
    return null;
  }
  if (a.text.length > 2) return null;
  const x = num(a, 1, 31);
  const y = num(b, 1, 31);
  if (x < 0 || y < 0 || (b?.text.length ?? 0) > 2 || (x > 12 && y > 12)) {
    // 03/2024: month and year.
    if (x >= 1 && x <= 12 && s === '/' && yearOf(b)) return { last: i + 2, full: false, monthYear: true };
    return null;
  }
  if (tight(tokens, i + 3, s)) {
    const c = tokens[i + 4];
    if (c && c.type === NUM && (yearOf(c) || (c.text.length === 2 && s !== '.')))
      return { last: i + 4, full: true };
    return null;
  }
  // A lone "3/4" is a fraction or a ratio unless a person cue says otherwise.
  return s === '/' || s === '-' ? { last: i + 2, full: false } : null;
}

/** Month-name dates: 5 March 2024, 5th of March, March 5, 2024, Mar. 2024, 05-Mar-24. */
function namedDate(tokens: Token[], i: number): DateMatch | null {
  const t = tokens[i];
  if (!t) return null;
  const d = dayOf(t);
  if (d > 0) {
    let k = i + 1;
    const dashed = tight(tokens, k, '-/');
    if (dashed) k++;
    if (tokens[k]?.lower === 'of' || tokens[k]?.lower === 'de') k++;
    if (monthOf(tokens[k]) < 0) return null;
    const month = k;
    k = skipPunct(tokens, k + 1, dashed ? '' : '.,');
    if (tokens[k]?.lower === 'de' && yearOf(tokens[k + 1])) k++;
    if (dashed && tight(tokens, month + 1, tokens[i + 1]?.text ?? '-')) {
      const y = tokens[month + 2];
      if (y && y.type === NUM && (y.text.length === 2 || yearOf(y))) return { last: month + 2, full: true };
    }
    if (yearOf(tokens[k])) return { last: k, full: true };
    return { last: month, full: false };
  }
  if (monthOf(t) < 0) return null;
  // "May" is a verb and "Mar"/"Dec" abbreviations: a capital or a following number is required.
  let k = skipPunct(tokens, i + 1, '.');
  const day = dayOf(tokens[k]);
  if (day > 0 && !yearOf(tokens[k])) {
    const dayTok = k;
    k = skipPunct(tokens, k + 1, ',');
    if (yearOf(tokens[k])) return { last: k, full: true };
    return t.text[0] === t.text[0]?.toUpperCase() ? { last: dayTok, full: false } : null;
  }
  if (yearOf(tokens[k]) && t.text[0] === t.text[0]?.toUpperCase())
    return { last: k, full: false, monthYear: true };
  return null;
}

function cueAfter(tokens: Token[], last: number, window: number): Token | null {
  for (let k = last + 1; k <= last + window && k < tokens.length; k++) {
    const t = tokens[k];
    if (!t || (t.type === PUNCT && '.;!?'.includes(t.text))) return null;
    if (t.type === WORD && PERSON_CUES.has(t.lower) && t.lower !== 'date' && t.lower !== 'since') return t;
  }
  return null;
}

const ALNUM_DATE = /^(\d{1,2})([a-z]{3,9})(\d{2}|\d{4})$/i;

function cueBefore(tokens: Token[], i: number, cues: Set<string>, window: number): Token | null {
  for (let k = i - 1; k >= 0 && k >= i - window; k--) {
    const t = tokens[k];
    if (t && t.type === WORD && cues.has(t.lower)) return t;
    if (t && t.type === PUNCT && '.;!?'.includes(t.text) && tokens[k + 1]?.space) return null;
  }
  return null;
}

/** "03JAN2024", "12Mar24": day, month and year in one token. */
function packedDate(tokens: Token[], i: number): DateMatch | null {
  const t = tokens[i];
  if (!t || t.type !== ALNUM || t.text.length > 15) return null;
  const m = ALNUM_DATE.exec(t.text);
  if (!m || !MONTHS.has((m[2] ?? '').toLowerCase()) || Number(m[1]) < 1 || Number(m[1]) > 31) return null;
  return { last: i, full: true };
}

/** YYYYMMDD with a plausible year, month and day. */
function compactDate(text: string): boolean {
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(4, 6));
  const d = Number(text.slice(6, 8));
  return y >= 1880 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** Token `from` lies at most `window` tokens before `to`, with no sentence end between. */
function sameSentence(tokens: Token[], from: number, to: number, window: number): boolean {
  if (from < 0 || to - from > window) return false;
  for (let k = from + 1; k < to; k++) {
    const t = tokens[k];
    if (!t || t.newline || (t.type === PUNCT && '.;!?'.includes(t.text) && tokens[k + 1]?.space))
      return false;
  }
  return true;
}

/** Full dates anywhere (except publication dates); partial dates only next to a person cue. */
export function findDates(scan: Scan): void {
  const { tokens } = scan;
  /** Last token of the latest date tied to a person: "admitted on March 3 and … on March 5". */
  let personDateEnd = -100;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || (t.type !== NUM && t.type !== WORD && t.type !== ALNUM)) continue;
    if (
      t.type === NUM &&
      t.text.length === 8 &&
      compactDate(t.text) &&
      cueBefore(tokens, i, STRONG_CUES, 3)
    ) {
      // "DOB 19580412": year, month and day run together after a birth or death cue.
      scan.add('date', i, i, 'DOB', LABELLED);
      continue;
    }
    if (t.type === WORD && monthOf(t) < 0) continue;
    const match = numericDate(tokens, i) ?? namedDate(tokens, i) ?? packedDate(tokens, i);
    if (!match) continue;
    // The person cue may also follow: "on 5 March she fell".
    const cue =
      cueBefore(tokens, i, PERSON_CUES, 5) ??
      cueAfter(tokens, match.last, 4) ??
      (sameSentence(tokens, personDateEnd, i, 12) ? tokens[personDateEnd] : null);
    const cueLabel =
      cue && ['dob', 'dod', 'born', 'admitted', 'discharged', 'died'].includes(cue.lower) ? cue.text : '';
    if (match.full) {
      const publication = !cue && cueBefore(tokens, i, PUBLICATION_CUES, 8);
      if (!publication) scan.add('date', i, match.last, cueLabel, cue ? LABELLED : CONTEXT);
    } else if (cue && (!match.monthYear || STRONG_CUES.has(cue.lower))) {
      scan.add('date', i, match.last, cueLabel, CONTEXT);
    }
    if (cue) personDateEnd = match.last;
    i = match.last;
  }
}
