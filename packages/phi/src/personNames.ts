import { ANY_FIRST_NAME, FIRST_NAMES } from './firstNames.ts';
import {
  BABY_NOUNS,
  CLINICIAN_TITLES,
  EPONYM_NOUNS,
  GENDER_WORDS,
  NOT_A_NAME,
  PARTICLES,
  PATIENT_CUES,
  PATIENT_NOUNS,
  PATIENT_PARTICIPLES,
  PATIENT_TITLES,
  PATIENT_VERBS,
  PERSON_VERBS,
  POSSESSIVES,
  RECORD_ACRONYMS,
  RELATIONS,
} from './nameContext.ts';
import { CONTEXT, type Scan } from './scan.ts';
import { SURNAMES } from './surnames.ts';
import { isAllCaps, isCapitalized, isPunct, NUM, PUNCT, type Token, WORD } from './tokenize.ts';

/** "CollabClient", "iPhone": code and brands; "McDonald", "LeBlanc", "DiCaprio" are names. */
const CAMEL_NAME = /^(Mc|Mac|Le|La|De|Di|Du|Da|Van|Von|Fitz|St|O)\p{Lu}/u;
const camelCase = (text: string): boolean => /\p{Ll}\p{Lu}/u.test(text) && !CAMEL_NAME.test(text);
const nameWord = (t: Token | undefined): boolean =>
  isCapitalized(t) && !NOT_A_NAME.has(t?.lower ?? '') && !camelCase(t?.text ?? '');
/** In record headers names are often in capitals: "KELLY, Patrick J", "FOSTER, LUCY". */
const capsName = (t: Token | undefined): boolean =>
  isAllCaps(t) &&
  (t?.text.length ?? 0) >= 2 &&
  !RECORD_ACRONYMS.has(t?.lower ?? '') &&
  !NOT_A_NAME.has(t?.lower ?? '');
const initial = (tokens: Token[], k: number): boolean => {
  const t = tokens[k];
  return !!t && t.type === WORD && t.text.length === 1 && t.text !== t.lower;
};
const tightAt = (tokens: Token[], k: number): boolean => !tokens[k]?.space;

function runHas(tokens: Token[], first: number, last: number, words: ReadonlySet<string>): boolean {
  for (let k = first; k <= last; k++) if (words.has(tokens[k]?.lower ?? '')) return true;
  return false;
}

function wordBetween(tokens: Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (tokens[k]?.type === WORD) return true;
  return false;
}

/**
 * A run of up to `max` name words from k ("John", "J. Smith", "O'Brien", "Smith-Jones",
 * "van der Berg"). `loose` accepts any capitalized word (after a title). Returns the last token or -1.
 */
function nameRun(tokens: Token[], k: number, max = 3, loose = false): number {
  let last = -1;
  let words = 0;
  let j = k;
  while (words < max) {
    const t = tokens[j];
    if (!t || (words > 0 && t.newline)) break;
    if (initial(tokens, j) && isPunct(tokens[j + 1], '.') && nameWord(tokens[j + 2])) {
      j += 2;
      continue;
    }
    if (
      t.type === WORD &&
      PARTICLES.has(t.text) &&
      (isCapitalized(tokens[j + 1]) || PARTICLES.has(tokens[j + 1]?.text ?? ''))
    ) {
      j++;
      continue;
    }
    // A nickname in quotes: «"Big Mike" Thornton».
    if (words > 0 && isPunct(t, '"“”') && (nameWord(tokens[j + 1]) || isPunct(tokens[j + 1], '"“”'))) {
      j++;
      continue;
    }
    const apostrophe =
      t.type === WORD &&
      t.text.length === 1 &&
      isPunct(tokens[j + 1], "'’") &&
      isCapitalized(tokens[j + 2]) &&
      tightAt(tokens, j + 1) &&
      tightAt(tokens, j + 2);
    // After a title, capitals too: "MR. SMITH".
    if (!(loose ? isCapitalized(t) || capsName(t) : nameWord(t)) && !apostrophe) break;
    last = j;
    words++;
    // O'Brien, Smith-Jones: glued by an apostrophe or hyphen to another capitalized word.
    while (
      isPunct(tokens[last + 1], "-'’") &&
      tightAt(tokens, last + 1) &&
      isCapitalized(tokens[last + 2]) &&
      tightAt(tokens, last + 2)
    ) {
      last += 2;
    }
    j = last + 1;
  }
  return last;
}

/** An eponym, an author citation or a clinician: "Crohn disease", "Lip GY", "Osler, MD", "Smith et al". */
function safeAfter(tokens: Token[], last: number, strong: boolean): boolean {
  let k = last + 1;
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

/** Skips ", : named name is" between a trigger and a name. */
function skipLink(tokens: Token[], k: number): number {
  for (let f = 0; f < 3; f++) {
    const t = tokens[k];
    if (isPunct(t, ',:') || (t && ['named', 'name', 'is', 'called', 'as'].includes(t.lower))) k++;
    else break;
  }
  return k;
}

/** Other identifiers by character position, to ask "is an MRN or a phone number nearby?". */
class Nearby {
  private readonly starts: Uint32Array | null;

  constructor(scan: Scan) {
    if (scan.candidates.length === 0) {
      this.starts = null;
      return;
    }
    const counts = new Uint32Array(scan.text.length + 1);
    for (const c of scan.candidates) counts[c.start + 1] = (counts[c.start + 1] ?? 0) + 1;
    for (let k = 1; k < counts.length; k++) counts[k] = (counts[k] ?? 0) + (counts[k - 1] ?? 0);
    this.starts = counts;
  }

  /** An identifier starts within `distance` characters of [start, end). */
  has(start: number, end: number, distance: number): boolean {
    if (!this.starts) return false;
    const from = Math.max(0, start - distance);
    const to = Math.min(this.starts.length - 1, end + distance);
    return (this.starts[to] ?? 0) - (this.starts[from] ?? 0) > 0;
  }
}

interface Context {
  scan: Scan;
  tokens: Token[];
  nearby: Nearby;
}

function add(ctx: Context, first: number, last: number, strong = true): number {
  const { tokens } = ctx;
  if (last < first || clinicianBefore(tokens, first)) return -1;
  if (strong !== null && safeAfter(tokens, last, strong)) return -1;
  ctx.scan.add('person_name', first, last, '', CONTEXT);
  return last;
}

/** A record-line separator (or the text's edge) at token k. */
function delimited(tokens: Token[], k: number, before: boolean): boolean {
  const t = tokens[k];
  if (!t) return true;
  if (before ? tokens[k + 1]?.newline : t.newline) return true;
  return t.type === PUNCT && '—–|/;:'.includes(t.text);
}

/** People described before their name in an aside: "The toddler, Mateo, aged 2". */
const PERSON_NOUNS = new Set([
  'toddler',
  'infant',
  'child',
  'boy',
  'girl',
  'man',
  'woman',
  'gentleman',
  'lady',
  'teenager',
  'teen',
  'adolescent',
  'newborn',
  'neonate',
  'resident',
  'patient',
  'client',
  'victim',
  'driver',
  'passenger',
  'decedent',
]);
/** Verbs that bring a patient in by full name: "EMS brought in Kenji Watanabe", "see Aiden O'Connell". */
const INTRO_VERBS = new Set([
  'brought',
  'see',
  'saw',
  'admitted',
  'admit',
  'discharged',
  'transferred',
  'examined',
  'visited',
  'triaged',
  'assessed',
]);
const AFTER_INTRODUCED = new Set([
  'in',
  'on',
  'at',
  'to',
  'from',
  'for',
  'today',
  'yesterday',
  'tonight',
  'who',
  'with',
  'again',
  'back',
  'and',
]);
/** Capitalized words of headings and services, not of people ("see Clinical Practice Guidelines"). */
const DOCUMENT_WORDS = new Set(
  'guideline guidelines practice clinical table figure appendix section chapter policy protocol manual handbook medicine department unit service services care emergency critical intensive acute general internal family surgery surgical pediatrics paediatrics team clinic hospital centre center ward program programme guide review notes note order orders form forms list sepsis cardiology oncology neurology psychiatry radiology pathology laboratories laboratory inc ltd pharmaceuticals company foundation institute university college school society association river health'.split(
    ' ',
  ),
);
const SEE_BEFORE = new Set([
  'please',
  'to',
  'will',
  'can',
  'could',
  'should',
  'must',
  'go',
  'll',
  'pls',
  'plz',
]);
const LIVE_VERBS = new Set(['live', 'lived', 'reside', 'resided', 'stay', 'stayed']);
const PLACE_CODES = new Set(
  'AB BC MB NB NL NS NT NU ON PE QC SK YT AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC'.split(
    ' ',
  ),
);

/**
 * "The toddler, Mateo, aged 2": a person noun, a comma, a name, a comma or bracket;
 * "EMS brought in Kenji Watanabe, found …": an intro verb, then two or three name words followed by
 * punctuation or a preposition.
 */
function introducedName(ctx: Context, i: number): number {
  const { tokens } = ctx;
  const t = tokens[i];
  if (!t) return -1;
  if (PERSON_NOUNS.has(t.lower) && isPunct(tokens[i + 1], ',') && nameWord(tokens[i + 2])) {
    const last = nameRun(tokens, i + 2, 3);
    if (last >= 0 && isPunct(tokens[last + 1], ',()') && !isPunct(tokens[last + 2], ','))
      return add(ctx, i + 2, last);
    return -1;
  }
  // "The Andersons live at …": a family by its plural surname, at their address.
  const family = tokens[i + 1];
  if (
    t.lower === 'the' &&
    family &&
    nameWord(family) &&
    family.text.length > 3 &&
    family.text.endsWith('s') &&
    LIVE_VERBS.has(tokens[i + 2]?.lower ?? '') &&
    ['at', 'in', 'on', 'with'].includes(tokens[i + 3]?.lower ?? '')
  )
    return add(ctx, i + 1, i + 1);
  if (!INTRO_VERBS.has(t.lower) || t.text !== t.lower) return -1;
  let k = i + 1;
  if (t.lower === 'brought' && ['in', 'back'].includes(tokens[k]?.lower ?? '')) k++;
  if (!nameWord(tokens[k])) return -1;
  const last = nameRun(tokens, k, 3);
  if (last <= k || !nameWord(tokens[last])) return -1;
  const after = tokens[last + 1];
  const ends =
    !after || (after.type === PUNCT && ',.;:—–)'.includes(after.text)) || AFTER_INTRODUCED.has(after.lower);
  if (!ends || runHas(tokens, k, last, DOCUMENT_WORDS)) return -1;
  // A listed first name or an identifier nearby: "brought in Naloxone Kits" is not a person.
  const first = tokens[k];
  const end = tokens[last];
  if (
    !first ||
    !end ||
    (!ANY_FIRST_NAME.has(first.lower) &&
      !fullNameBySurname(tokens, k) &&
      !ctx.nearby.has(first.start, end.end, 60))
  )
    return -1;
  if (t.lower !== 'see') return add(ctx, k, last);
  // "see Smith 2019" is a citation; "please see Aiden O'Connell in room 1108" is a patient.
  if (!SEE_BEFORE.has(tokens[i - 1]?.lower ?? '') || safeAfter(tokens, last, true)) return -1;
  ctx.scan.add('person_name', k, last, '', CONTEXT);
  return last;
}

/** What belongs to a patient: "Kowalczyk's INR", "Ngozi's potassium", "Latoya's mother". */
const PATIENT_THINGS = new Set(
  'inr potassium sodium creatinine hemoglobin haemoglobin hgb troponin lactate glucose labs bloodwork bp sats chart mrn vitals platelets wbc cultures room bed insurance address dob weight allergies wound incision dressing catheter picc drain discharge admission appointment'.split(
    ' ',
  ),
);
/** Relatives, not what an eponym owns ("Down's baby" is no one's child here). */
const OWNED_RELATIONS = new Set(
  [...RELATIONS].filter((r) => !['contact', 'baby', 'child', 'kid', 'twin', 'proxy', 'maker'].includes(r)),
);
/** Days and places write possessives too ("Today's labs", "Ontario's plan"). */
const NOT_OWNERS = new Set(
  'today yesterday tonight tomorrow monday tuesday wednesday thursday friday saturday sunday canada ontario quebec québec alberta manitoba saskatchewan america week month year night morning evening hospital unit ward team'.split(
    ' ',
  ),
);
/** Words after which a listed first name is someone spoken to, of or by ("asked Tyrone about …"). */
const ADDRESS_WORDS = new Set(
  'with for ask asked tell told call called paged page check remind reminded reassure reassured counsel counselled counseled said says replied explained about visiting bring brought'.split(
    ' ',
  ),
);
const AFTER_ADDRESSED = new Set([
  ...AFTER_INTRODUCED,
  'about',
  'regarding',
  'next',
  'this',
  'tomorrow',
  'yesterday',
  'that',
  'if',
  'when',
  'whether',
  'by',
]);

/**
 * "Kowalczyk's INR was 4.1": a capitalized word owning a result or a relative;
 * "Follow up with Kwame Asante next week", "said Esperanza": a listed first name after a word
 * that addresses a person, followed by punctuation or a preposition.
 */
function addressedName(ctx: Context, i: number): number {
  const { tokens } = ctx;
  const t = tokens[i];
  if (!t) return -1;
  if (
    nameWord(t) &&
    !NOT_OWNERS.has(t.lower) &&
    monthName(t.lower) === false &&
    isPunct(tokens[i + 1], "'’") &&
    tightAt(tokens, i + 1) &&
    tokens[i + 2]?.lower === 's'
  ) {
    const thing = tokens[i + 3]?.lower ?? '';
    if (PATIENT_THINGS.has(thing) || OWNED_RELATIONS.has(thing)) return add(ctx, i, i);
    return -1;
  }
  if (!ADDRESS_WORDS.has(t.lower)) return -1;
  const k = i + 1;
  const first = tokens[k];
  if (!first || !nameWord(first) || !(FIRST_NAMES.has(first.lower) || fullNameBySurname(tokens, k)))
    return -1;
  const last = nameRun(tokens, k, 3);
  if (last < k || runHas(tokens, k, last, DOCUMENT_WORDS) || runHas(tokens, k, last, EPONYM_NOUNS)) return -1;
  const after = tokens[last + 1];
  const ends =
    !after ||
    (after.type === PUNCT && ',.;:—–)?!\'’"'.includes(after.text)) ||
    AFTER_ADDRESSED.has(after.lower);
  return ends ? add(ctx, k, last, false) : -1;
}

const MONTH_NAMES = new Set(
  'january february march april may june july august september october november december'.split(' '),
);
const monthName = (word: string): boolean => MONTH_NAMES.has(word);

/**
 * Two capitalized words, one a listed family name: "Liang Chen", surname first "Zhang Wei".
 * They then count as a listed first name with its surname.
 */
function fullNameBySurname(tokens: Token[], i: number): boolean {
  const a = tokens[i];
  const b = tokens[i + 1];
  if (!a || !b || b.newline || b.text.length < 2) return false;
  if (!SURNAMES.has(b.lower) && !SURNAMES.has(a.lower)) return false;
  if (!nameWord(a) || !nameWord(b)) return false;
  if (runHas(tokens, i, i + 1, DOCUMENT_WORDS) || runHas(tokens, i, i + 1, EPONYM_NOUNS)) return false;
  return SURNAMES.has(b.lower) || (SURNAMES.has(a.lower) && a.text.length >= 2);
}

/**
 * "name: kowalski, anna", "Name: tran minh": after a name label, two or three lower-case words
 * (a comma allowed after the first) up to the end of the field.
 */
function lowerCaseName(ctx: Context, k: number): number {
  const { tokens } = ctx;
  let last = -1;
  let j = k;
  for (let w = 0; w < 3; w++) {
    const t = tokens[j];
    if (!t || t.type !== WORD || t.text !== t.lower || t.text.length < 2 || NOT_A_NAME.has(t.lower)) break;
    if (w > 0 && t.newline) break;
    last = j;
    j++;
    if (w === 0 && isPunct(tokens[j], ',')) j++;
  }
  if (last <= k) return -1;
  const after = tokens[last + 1];
  const ends = !after || after.newline || (after.type === PUNCT && ',.;|—–()'.includes(after.text));
  return ends ? add(ctx, k, last) : -1;
}

/** "Bed 4: Tran, stable overnight": a handover line names the patient in the bed. */
function handoverName(ctx: Context, i: number): number {
  const { tokens } = ctx;
  const t = tokens[i];
  if (!t || !['bed', 'room', 'rm', 'bay'].includes(t.lower) || tokens[i + 1]?.type !== NUM) return -1;
  if (!isPunct(tokens[i + 2], ':—–-')) return -1;
  const k = i + 3;
  if (!nameWord(tokens[k])) return -1;
  const last = nameRun(tokens, k, 3);
  if (last < 0 || runHas(tokens, k, last, DOCUMENT_WORDS)) return -1;
  // One word must be a listed name ("Tran", "Okafor"); "Bed 12: Empty" is a bed's state.
  if (!runHas(tokens, k, last, SURNAMES) && !runHas(tokens, k, last, FIRST_NAMES)) return -1;
  const after = tokens[last + 1];
  return !after || isPunct(after, ',;:—–-(') || after.newline ? add(ctx, k, last) : -1;
}

/** "Lily (the patient's granddaughter)", "Omar, her son, …": a name, then who they are. */
function nameThenRelation(ctx: Context, i: number): number {
  const { tokens } = ctx;
  // Cheap test first: a relation word must follow within a few tokens.
  let near = false;
  for (let k = i + 2; k < i + 12 && !near; k++) near = RELATIONS.has(tokens[k]?.lower ?? '');
  if (!near || !nameWord(tokens[i])) return -1;
  const last = nameRun(tokens, i, 3);
  if (last < 0 || !isPunct(tokens[last + 1], '(,')) return -1;
  let k = last + 2;
  if (tokens[k]?.lower === 'the') k++;
  const owner = tokens[k];
  if (!owner) return -1;
  if (PATIENT_NOUNS.has(owner.lower) && isPunct(tokens[k + 1], "'’")) k += 2;
  else if (POSSESSIVES.has(owner.lower)) k++;
  else if (RELATIONS.has(owner.lower)) {
    // "Jacques (husband)", "Tanisha, mother of Jaylen": the relation itself, closed or with "of".
    const closer = tokens[k + 1];
    const direct = isPunct(closer, ')') || closer?.lower === 'of';
    return direct && (ANY_FIRST_NAME.has(tokens[i]?.lower ?? '') || isPunct(closer, ')'))
      ? add(ctx, i, last)
      : -1;
  } else return -1;
  if (tokens[k]?.lower === 's') k++;
  return RELATIONS.has(tokens[k]?.lower ?? '') ? add(ctx, i, last) : -1;
}

/** "KELLY, Patrick J", "Tran, Minh", "FOSTER, LUCY": a surname, a comma, a listed first name. */
function inverted(ctx: Context, i: number, requireContext: boolean): number {
  const { tokens } = ctx;
  const surname = tokens[i];
  if (!(nameWord(surname) || capsName(surname)) || !isPunct(tokens[i + 1], ',')) return -1;
  const given = tokens[i + 2];
  if (!given || !(nameWord(given) || capsName(given))) return -1;
  // "Calgary, AB": a city and its province or state.
  if (PLACE_CODES.has(given.text)) return -1;
  let last = i + 2;
  // An unlisted given name only in a record line: "— Tran, Minh —" next to an identifier.
  if (!ANY_FIRST_NAME.has(given.lower) && !labelledCapsSurname(tokens, i)) {
    const a = tokens[i];
    if (
      !a ||
      !delimited(tokens, i - 1, true) ||
      !delimited(tokens, last + 1, false) ||
      !ctx.nearby.has(a.start, given.end, 60)
    )
      return -1;
  }
  if (initial(tokens, last + 1) && tokens[last + 1]?.text.length === 1) last++;
  if (requireContext) {
    const a = tokens[i];
    const b = tokens[last];
    if (!a || !b || !(cueNear(tokens, i, last, 8) || ctx.nearby.has(a.start, b.end, 60))) return -1;
  }
  return add(ctx, i, last);
}

/** Words that label a person's name field: "Pt: OKONKWO, Chukwuemeka", "Next of kin: BOUCHARD, Ginette". */
const PERSON_LABELS = new Set(['pt', 'patient', 'name', 'kin', 'nok', 'surname', 'contact', 're', 'client']);

/** An ALL-CAPS surname right after a person label and a colon: the record form of a name. */
function labelledCapsSurname(tokens: Token[], i: number): boolean {
  return (
    capsName(tokens[i]) &&
    isPunct(tokens[i - 1], ':') &&
    PERSON_LABELS.has(tokens[i - 2]?.lower ?? '') &&
    nameWord(tokens[i + 2])
  );
}

/** Name fields of forms: "Surname: ADEBAYO", "Forename: Folasade", "First name: Ana", "Nom : Roy". */
const NAME_FIELDS = new Set([
  'surname',
  'surnames',
  'forename',
  'forenames',
  'firstname',
  'lastname',
  'prénom',
  'prenom',
  'nom',
]);
const NAME_FIELD_HEADS = new Set([
  'first',
  'last',
  'given',
  'family',
  'middle',
  'maiden',
  'preferred',
  'legal',
]);

function nameField(ctx: Context, i: number): number {
  const { tokens } = ctx;
  const t = tokens[i];
  if (!t) return -1;
  let k = i + 1;
  if (NAME_FIELD_HEADS.has(t.lower) && ['name', 'names'].includes(tokens[k]?.lower ?? '')) k++;
  else if (!NAME_FIELDS.has(t.lower)) return -1;
  if (!isPunct(tokens[k], ':')) return -1;
  k++;
  const inv = inverted(ctx, k, false);
  if (inv >= 0) return inv;
  let last = nameRun(tokens, k, 3, true);
  // "Surname: ADEBAYO  Forename: Folasade": the next field is not part of this one.
  for (let j = k + 1; j <= last; j++) {
    const w = tokens[j]?.lower ?? '';
    if (NAME_FIELDS.has(w) || NAME_FIELD_HEADS.has(w)) {
      last = j - 1;
      break;
    }
  }
  if (last >= 0) return add(ctx, k, last);
  return lowerCaseName(ctx, k);
}

/** "jaswinder kaur mrn 6620913": two lower-case words, one of a name list, then a record label and number. */
function lowerNameBeforeRecord(ctx: Context, i: number): number {
  const { tokens } = ctx;
  const a = tokens[i];
  const b = tokens[i + 1];
  const label = tokens[i + 2];
  if (!label || !['mrn', 'dob', 'ohip', 'phn', 'hcn'].includes(label.lower)) return -1;
  const lowerWord = (t: Token | undefined): boolean =>
    !!t && t.type === WORD && t.text === t.lower && t.text.length >= 3 && !NOT_A_NAME.has(t.lower);
  if (!lowerWord(a) || !lowerWord(b) || b?.newline) return -1;
  const listed = (w: string): boolean => FIRST_NAMES.has(w) || SURNAMES.has(w);
  if (!listed(a?.lower ?? '') && !listed(b?.lower ?? '')) return -1;
  const k = isPunct(tokens[i + 3], ':#') ? i + 4 : i + 3;
  return tokens[k]?.type === NUM ? add(ctx, i, i + 1) : -1;
}

/** «goes by "Bobby"», "known to family as Bea", "call him Bobby", "prefers Sunny": a nickname. */
function nickname(ctx: Context, i: number): number {
  const { tokens } = ctx;
  const t = tokens[i];
  if (!t) return -1;
  let k = -1;
  if (t.lower === 'goes' && tokens[i + 1]?.lower === 'by') k = i + 2;
  else if (t.lower === 'call' && ['him', 'her', 'them'].includes(tokens[i + 1]?.lower ?? '')) k = i + 2;
  else if (t.lower === 'prefers' && (isPunct(tokens[i + 1], '"“') || tokens[i + 1]?.lower === 'to')) {
    k =
      tokens[i + 1]?.lower === 'to' && tokens[i + 2]?.lower === 'be' && tokens[i + 3]?.lower === 'called'
        ? i + 4
        : i + 1;
  }
  if (k < 0) return -1;
  if (isPunct(tokens[k], '"“\'‘')) k++;
  const first = tokens[k];
  if (!first || !isCapitalized(first) || NOT_A_NAME.has(first.lower)) return -1;
  const last = nameRun(tokens, k, 2, true);
  return last >= 0 ? add(ctx, k, last) : -1;
}

/** "her sons Tomasz and Piotr", "mother of Jaylen and Jordan": a second name joined by "and". */
function joinedName(ctx: Context, last: number): number {
  const { tokens } = ctx;
  const and = tokens[last + 1];
  if (!and || !(and.lower === 'and' || isPunct(and, '&'))) return last;
  const k = last + 2;
  const first = tokens[k];
  if (!first || !nameWord(first) || !(ANY_FIRST_NAME.has(first.lower) || SURNAMES.has(first.lower)))
    return last;
  const end = nameRun(tokens, k, 3);
  return end >= 0 && add(ctx, k, end) >= 0 ? end : last;
}

/** Names in patient context only (Philter's approach): titles, patients, babies, relatives, labels. */
export function findPersonNames(scan: Scan): void {
  const { tokens } = scan;
  const ctx: Context = { scan, tokens, nearby: new Nearby(scan) };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.type !== WORD) continue;
    const found = nameAt(ctx, i, t);
    if (found >= 0) i = found;
  }
}

function nameAt(ctx: Context, i: number, t: Token): number {
  const { tokens } = ctx;
  const lower = t.lower;
  const lowerTrigger = t.text[0] === lower[0];
  const frenchM =
    t.text === 'M' &&
    isPunct(tokens[i + 1], '.') &&
    isCapitalized(tokens[i + 2]) &&
    !clinicianBefore(tokens, i);
  if ((PATIENT_TITLES.has(lower) && !lowerTrigger) || frenchM) {
    // Mr. Smith, Mrs Nguyen, Ms. J. Brown, Ms. Ward, Ms. van der Berg; a title outranks eponyms.
    const k = isPunct(tokens[i + 1], '.') ? i + 2 : i + 1;
    const last = nameRun(tokens, k, 3, true);
    if (last < k) return -1;
    ctx.scan.add('person_name', k, last, '', CONTEXT);
    return last;
  }
  if (PATIENT_NOUNS.has(lower) || BABY_NOUNS.has(lower)) {
    let k = i + 1;
    const baby = BABY_NOUNS.has(lower);
    if (baby && tokens[k]?.type === WORD && GENDER_WORDS.has(tokens[k]?.lower ?? '')) k++;
    const linked = skipLink(tokens, k);
    const explicit = linked > k && (wordBetween(tokens, k, linked) || isPunct(tokens[k], ':'));
    k = linked;
    const inv = inverted(ctx, k, false);
    if (inv >= 0) return inv;
    const first = tokens[k];
    // "pt john smith": a listed first name in lower case, then a lower-case surname.
    const surname = tokens[k + 1];
    if (
      lowerTrigger &&
      !baby &&
      first?.type === WORD &&
      first.text === first.lower &&
      first.text.length >= 4 &&
      (FIRST_NAMES.has(first.lower) || SURNAMES.has(first.lower) || SURNAMES.has(surname?.lower ?? '')) &&
      surname?.type === WORD &&
      surname.text === surname.lower &&
      surname.text.length >= 3 &&
      !NOT_A_NAME.has(surname.lower)
    ) {
      return add(ctx, k, k + 1);
    }
    const last = nameRun(tokens, k);
    // "Patient Education" heads a section: a capital trigger needs a first name, or a full name
    // that reads as a person's ("Patient Hiroshi Tanaka's ICD", an identifier nearby).
    if (
      last >= 0 &&
      first &&
      (baby || explicit || FIRST_NAMES.has(first.lower) || (lowerTrigger && !PATIENT_VERBS.has(first.lower)))
    )
      return add(ctx, k, last);
    const end = tokens[last];
    const following = tokens[last + 1];
    const verbAfter =
      !!following &&
      (PATIENT_VERBS.has(following.lower) ||
        (['was', 'is'].includes(following.lower) && PATIENT_PARTICIPLES.has(tokens[last + 2]?.lower ?? '')));
    if (
      first &&
      end &&
      (verbAfter || (last > k && (isPunct(following, "'’") || ctx.nearby.has(first.start, end.end, 80))))
    )
      return add(ctx, k, last);
    return -1;
  }
  const relation = RELATIONS.has(lower) || (lower.endsWith('s') && RELATIONS.has(lower.slice(0, -1)));
  if (relation) {
    let k = skipLink(tokens, i + 1);
    const of = tokens[k]?.lower === 'of';
    if (of) k++;
    const inv = of ? -1 : inverted(ctx, k, false);
    if (inv >= 0) return inv;
    const last = nameRun(tokens, k, 3);
    const before = tokens[i - 1];
    const possessed = !!before && POSSESSIVES.has(before.lower);
    const listed = FIRST_NAMES.has(tokens[k]?.lower ?? '');
    if (last >= 0 && (listed || (!of && (possessed || lowerTrigger)))) {
      const end = add(ctx, k, last);
      return end >= 0 ? joinedName(ctx, end) : -1;
    }
    return -1;
  }
  if (lowerTrigger && t.text === lower) {
    const rec = lowerNameBeforeRecord(ctx, i);
    if (rec >= 0) return rec;
  }
  const field = nameField(ctx, i);
  if (field >= 0) return field;
  const nick = nickname(ctx, i);
  if (nick >= 0) return nick;
  if ((lower === 'mr' || lower === 'mrs') && lowerTrigger) {
    // "bed 9 mrs kaur": a title in lower case before a lower-case word of a name list.
    const k = isPunct(tokens[i + 1], '.') ? i + 2 : i + 1;
    const w = tokens[k];
    if (w?.type === WORD && (isCapitalized(w) || capsName(w)))
      return add(ctx, k, nameRun(tokens, k, 3, true));
    if (
      w?.type === WORD &&
      w.text === w.lower &&
      w.text.length >= 3 &&
      !NOT_A_NAME.has(w.lower) &&
      (SURNAMES.has(w.lower) || ANY_FIRST_NAME.has(w.lower))
    )
      return add(ctx, k, k);
    return -1;
  }
  if (lower === 'name' || lower === 'names' || (lower === 'known' && tokens[i + 1]?.lower === 'as')) {
    // "Name: Priya Raman", "name FOSTER, LUCY", "the patient's name, Ivan Petrenko", «known as "Big Mike"».
    let k = skipLink(tokens, i + 1);
    if (isPunct(tokens[k], '"“')) k++;
    const inv = inverted(ctx, k, false);
    if (inv >= 0) return inv;
    const last = nameRun(tokens, k);
    if (last < 0 && lower !== 'known' && isPunct(tokens[i + 1], ':')) return lowerCaseName(ctx, k);
    return last >= 0 && (lower !== 'known' || cueNear(tokens, i, last, 6)) ? add(ctx, k, last) : -1;
  }
  if (lower === 'named' || ((lower === 're' || lower === 'patient') && isPunct(tokens[i + 1], ':'))) {
    // "a woman named Rosa Diaz", "Re: John Smith"
    const k = isPunct(tokens[i + 1], ':') ? i + 2 : i + 1;
    const last = nameRun(tokens, k);
    if (last >= 0 && (lower === 'named' || FIRST_NAMES.has(tokens[k]?.lower ?? ''))) return add(ctx, k, last);
    return -1;
  }
  const intro = introducedName(ctx, i);
  if (intro >= 0) return intro;
  const addressed = addressedName(ctx, i);
  if (addressed >= 0) return addressed;
  const handover = handoverName(ctx, i);
  if (handover >= 0) return handover;
  const inv = inverted(ctx, i, true);
  if (inv >= 0) return inv;
  const related = nameThenRelation(ctx, i);
  if (related >= 0) return related;
  if (ANY_FIRST_NAME.has(lower) && isCapitalized(t)) return firstNameInCase(ctx, i);
  if (fullNameBySurname(tokens, i)) {
    // "Nguyen Van An, 94,": the longer record-style reading first.
    const details = nameBeforeDetails(ctx, i);
    return details >= 0 ? details : firstNameInCase(ctx, i);
  }
  if (capsName(t) && ANY_FIRST_NAME.has(lower) && capsName(tokens[i + 1]) && !tokens[i + 1]?.newline) {
    const end = tokens[i + 1];
    if (end && (ctx.nearby.has(t.start, end.end, 60) || cueNear(tokens, i, i + 1, 6)))
      return add(ctx, i, i + 1);
  }
  if (nameWord(t)) return nameBeforeDetails(ctx, i);
  return -1;
}

/** "John Smith, 64, …" near a patient cue or an identifier; "Maria presented with …". */
function firstNameInCase(ctx: Context, i: number): number {
  const { tokens } = ctx;
  const t = tokens[i];
  if (!t || clinicianBefore(tokens, i)) return -1;
  // The first word is the listed first name itself ("Will Baker"), the rest a surname.
  const rest = nameRun(tokens, i + 1, 2);
  const last = rest > i ? rest : i;
  // "San Francisco Syncope Rule": a rule or score named after a place or person is no patient.
  if (safeAfter(tokens, last, false) || runHas(tokens, i, last, EPONYM_NOUNS)) return -1;
  const listed = FIRST_NAMES.has(t.lower) || fullNameBySurname(tokens, i);
  const next = tokens[last + 1];
  const after = tokens[last + 2];
  const verb =
    listed &&
    ((next && (PATIENT_VERBS.has(next.lower) || PERSON_VERBS.has(next.lower))) ||
      (next &&
        ['was', 'is', 'has', 'had'].includes(next.lower) &&
        PATIENT_PARTICIPLES.has(after?.lower ?? '')) ||
      (next &&
        (next.lower === 'is' || next.lower === 'was') &&
        after?.lower === 'a' &&
        tokens[last + 3]?.type === NUM) ||
      // "Ethan, a 7-year-old boy"
      (isPunct(next, ',') &&
        (after?.lower === 'a' || after?.lower === 'an') &&
        tokens[last + 3]?.type === NUM));
  if (listed && last === i && singleNameWithAge(tokens, i)) return add(ctx, i, i, false);
  const end = tokens[last];
  const surname = last > i;
  const context = surname && (cueNear(tokens, i, last, 8) || (!!end && ctx.nearby.has(t.start, end.end, 80)));
  if (verb || context) return add(ctx, i, last, false);
  return nameWord(t) ? nameBeforeDetails(ctx, i) : -1;
}

/** Two or three capitalized words set off like a patient's: "Nguyen Van An, 94," / "Hope Sterling (DOB". */
const RECORD_WORDS = new Set([
  'dob',
  'mrn',
  'ssn',
  'sin',
  'ramq',
  'medicaid',
  'medicare',
  'hospital',
  'age',
  'aged',
  'born',
  'ohip',
  'phn',
  'hcn',
  'chart',
  'bed',
  'room',
]);
const AGE_TOKEN = /^\d{1,3}(yo|y|f|m)$/i;

/** "Jones, a 67-year-old man", "Osei (82)", "Haddad (45M)": an age right after a name. */
function ageAfter(tokens: Token[], last: number, bracketed = true): boolean {
  const next = tokens[last + 1];
  const after = tokens[last + 2];
  if (
    isPunct(next, ',') &&
    (after?.lower === 'a' || after?.lower === 'an') &&
    tokens[last + 3]?.type === NUM
  ) {
    const unit = tokens[last + 4]?.text === '-' ? tokens[last + 5] : tokens[last + 4];
    return ['year', 'years', 'yo', 'month', 'months', 'week', 'weeks', 'day'].includes(unit?.lower ?? '');
  }
  if (bracketed && isPunct(next, '(') && isPunct(tokens[last + 3], ')')) {
    // Not "(416) 555-1234": an age, and nothing numeric right after the bracket.
    if (tokens[last + 4]?.type === NUM) return false;
    return (after?.type === NUM && Number(after.text) <= 120) || AGE_TOKEN.test(after?.text ?? '');
  }
  return false;
}

function nameBeforeDetails(ctx: Context, i: number): number {
  const { tokens } = ctx;
  const run = nameRun(tokens, i, 3, true);
  // One word is enough before "'s daughter" or ", a 67-year-old"; otherwise a full name.
  const single = run === i;
  const last = run;
  if (last < i || safeAfter(tokens, last, false) || clinicianBefore(tokens, i)) return -1;
  const next = tokens[last + 1];
  const after = tokens[last + 2];
  if (single) {
    const relative =
      isPunct(next, "'’") && after?.lower === 's' && RELATIONS.has(tokens[last + 3]?.lower ?? '');
    // "Figure (3)" is no name: one word needs the comma form.
    return (relative || ageAfter(tokens, last, false)) && nameWord(tokens[i]) ? add(ctx, i, last, false) : -1;
  }
  // A loose run lets short particles through ("Nguyen Van An"), never eponym nouns or stop words.
  for (let k = i; k <= last; k++) {
    const w = tokens[k]?.lower ?? '';
    if (EPONYM_NOUNS.has(w) || (NOT_A_NAME.has(w) && w.length > 3)) return -1;
  }
  const age =
    (isPunct(next, ',') &&
      after?.type === NUM &&
      after.text.length <= 3 &&
      isPunct(tokens[last + 3], ',;)')) ||
    (isPunct(next, ',') && AGE_TOKEN.test(after?.text ?? '')) ||
    ageAfter(tokens, last);
  const record = (isPunct(next, '(') || isPunct(next, ',')) && RECORD_WORDS.has(after?.lower ?? '');
  // "Oluwaseun Adeyemi presented …": an unlisted full name with a patient's verb.
  const strict = nameRun(tokens, i, 3) === last && !runHas(tokens, i, last, EPONYM_NOUNS);
  const verb =
    (strict && next && PATIENT_VERBS.has(next.lower)) ||
    (strict && next && ['was', 'is'].includes(next.lower) && PATIENT_PARTICIPLES.has(after?.lower ?? ''));
  const possessive = isPunct(next, "'’") && after?.lower === 's' && cueNear(tokens, i, last + 2, 6);
  return age || record || verb || possessive ? add(ctx, i, last, false) : -1;
}

/** "Sam, 4, has croup", "Priya (age 7)": a listed first name set off with an age. */
function singleNameWithAge(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1];
  const after = tokens[i + 2];
  if (isPunct(next, ',') && after?.type === NUM && after.text.length <= 3 && isPunct(tokens[i + 3], ',;)'))
    return true;
  return isPunct(next, '(') && ['age', 'aged', 'dob', 'mrn'].includes(after?.lower ?? '');
}
