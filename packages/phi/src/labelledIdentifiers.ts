import type { PhiKind } from './kinds.ts';
import { PhraseTable } from './phrases.ts';
import { LABELLED, type Scan } from './scan.ts';
import { ALNUM, digitCount, isPunct, NUM, PUNCT, type Token, WORD } from './tokenize.ts';

/** What must follow a keyword for it to be an identifier. */
type Shape = 'id' | 'nine' | 'phone' | 'ext' | 'plate' | 'serial' | 'licence' | 'room';

interface Label {
  kind: PhiKind;
  shape: Shape;
}

const L = (kind: PhiKind, shape: Shape = 'id'): Label => ({ kind, shape });
const MRN = L('medical_record_number');
const HEALTH = L('health_card_number');
const INSURANCE = L('insurance_number');
const NATIONAL = L('national_id');
const PHONE = L('phone', 'phone');
const EXT = L('phone', 'ext');

/** Keywords (Presidio/Purview style "corroborative evidence"): a bare digit run needs one nearby. */
const KEYWORDS = new PhraseTable<Label>([
  ['mrn', MRN],
  ['medical record', MRN],
  ['medical record number', MRN],
  ['medical record no', MRN],
  ['record number', MRN],
  ['record no', MRN],
  ['chart', MRN],
  ['chart number', MRN],
  ['chart no', MRN],
  ['hospital number', MRN],
  ['hospital no', MRN],
  ['hosp no', MRN],
  ['unit number', MRN],
  ['^UR', MRN],
  ['^URN', MRN],
  ['urn no', MRN],
  ['ur no', MRN],
  ['ur number', MRN],
  ['unit record number', MRN],
  ['patient id', MRN],
  ['patient identifier', MRN],
  ['patient number', MRN],
  ['patient no', MRN],
  ['patient', MRN],
  ['hosp', MRN],
  ['record', MRN],
  ['pt id', MRN],
  ['case number', MRN],
  ['case no', MRN],
  ['file number', MRN],
  ['file no', MRN],
  ['encounter', MRN],
  ['encounter number', MRN],
  ['encounter id', MRN],
  ['visit number', MRN],
  ['visit id', MRN],
  ['accession', MRN],
  ['accession number', MRN],
  ['accession no', MRN],
  ['admission number', MRN],
  ['^ID', MRN],
  ['^FIN', MRN],
  ['^EMR', MRN],
  ['^EHR', MRN],
  ['account', INSURANCE],
  ['account number', INSURANCE],
  ['account no', INSURANCE],
  ['acct', INSURANCE],
  ['billing number', INSURANCE],
  ['insurance', INSURANCE],
  ['insurance number', INSURANCE],
  ['insurance id', INSURANCE],
  ['insurance policy', INSURANCE],
  ['insurer', INSURANCE],
  ['policy', INSURANCE],
  ['policy number', INSURANCE],
  ['policy no', INSURANCE],
  ['member id', INSURANCE],
  ['member number', INSURANCE],
  ['member no', INSURANCE],
  ['group number', INSURANCE],
  ['subscriber', INSURANCE],
  ['subscriber id', INSURANCE],
  ['beneficiary', INSURANCE],
  ['beneficiary number', INSURANCE],
  ['beneficiary id', INSURANCE],
  ['claim number', INSURANCE],
  ['claim no', INSURANCE],
  ['medicare', INSURANCE],
  ['medicare number', INSURANCE],
  ['medicaid', INSURANCE],
  ['medicaid number', INSURANCE],
  ['^MBI', INSURANCE],
  ['^HICN', INSURANCE],
  ['blue cross', INSURANCE],
  ['ohip', HEALTH],
  ['ohip number', HEALTH],
  ['ohip no', HEALTH],
  ['health card', HEALTH],
  ['health card number', HEALTH],
  ['health card no', HEALTH],
  ['health number', HEALTH],
  ['health no', HEALTH],
  ['health card #', HEALTH],
  ['health insurance number', HEALTH],
  ['health insurance card', HEALTH],
  ['^HCN', HEALTH],
  ['^PHN', HEALTH],
  ['personal health number', HEALTH],
  ['ramq', HEALTH],
  ['ramq number', HEALTH],
  ['^NAM', HEALTH],
  ['carte soleil', HEALTH],
  ['numéro d assurance maladie', HEALTH],
  ['^AHCIP', HEALTH],
  ['^MSP', HEALTH],
  ['^MSI', HEALTH],
  ['nhs number', HEALTH],
  ['nhs no', HEALTH],
  ['^CHI', HEALTH],
  ['provincial health number', HEALTH],
  ['^PHIN', HEALTH],
  ['^ULI', HEALTH],
  ['unique lifetime identifier', HEALTH],
  ['^MCP', HEALTH],
  ['^HSN', HEALTH],
  ['health services number', HEALTH],
  ['carte d assurance maladie', HEALTH],
  ['health plan number', HEALTH],
  ['^SIN', NATIONAL],
  ['^SSN', NATIONAL],
  ['^NAS', NATIONAL],
  ['social insurance number', NATIONAL],
  ['social insurance no', NATIONAL],
  ['social security', NATIONAL],
  ['social security number', NATIONAL],
  ['social security no', NATIONAL],
  ['numéro d assurance sociale', NATIONAL],
  ['passport', NATIONAL],
  ['passport number', NATIONAL],
  ['passport no', NATIONAL],
  ['national id', NATIONAL],
  ['national identity number', NATIONAL],
  ['national insurance number', NATIONAL],
  ['citizen id', NATIONAL],
  ['phone', PHONE],
  ['phone number', PHONE],
  ['telephone', PHONE],
  ['telephone number', PHONE],
  ['tel', PHONE],
  ['^PH', PHONE],
  ['ph no', PHONE],
  ['cell', PHONE],
  ['cell phone', PHONE],
  ['cellphone', PHONE],
  ['mobile', PHONE],
  ['mobile number', PHONE],
  ['fax', PHONE],
  ['fax number', PHONE],
  ['home phone', PHONE],
  ['work phone', PHONE],
  ['contact number', PHONE],
  ['callback number', PHONE],
  ['call back number', PHONE],
  ['reached at', PHONE],
  ['call', PHONE],
  ['called', PHONE],
  ['text', PHONE],
  ['ext', EXT],
  ['extension', EXT],
  ['pager', EXT],
  ['local', EXT],
  ['serial', L('device_serial', 'serial')],
  ['serial number', L('device_serial', 'serial')],
  ['serial no', L('device_serial', 'serial')],
  ['^S/N', L('device_serial', 'serial')],
  ['^SN', L('device_serial', 'serial')],
  ['device id', L('device_serial', 'serial')],
  ['device identifier', L('device_serial', 'serial')],
  ['device serial', L('device_serial', 'serial')],
  ['^UDI', L('device_serial', 'serial')],
  ['^IMEI', L('device_serial', 'serial')],
  ['implant id', L('device_serial', 'serial')],
  ['model serial', L('device_serial', 'serial')],
  ['licence plate', L('licence_plate', 'plate')],
  ['license plate', L('licence_plate', 'plate')],
  ['plate', L('licence_plate', 'plate')],
  ['plate number', L('licence_plate', 'plate')],
  ['plates', L('licence_plate', 'plate')],
  ['vehicle registration', L('licence_plate', 'plate')],
  ['registration plate', L('licence_plate', 'plate')],
  ['number plate', L('licence_plate', 'plate')],
  ["driver's licence", L('drivers_licence', 'licence')],
  ["driver's license", L('drivers_licence', 'licence')],
  ["driver's licence number", L('drivers_licence', 'licence')],
  ["driver's license number", L('drivers_licence', 'licence')],
  ['drivers licence', L('drivers_licence', 'licence')],
  ['drivers license', L('drivers_licence', 'licence')],
  ['driver licence', L('drivers_licence', 'licence')],
  ['driver license', L('drivers_licence', 'licence')],
  ['driving licence', L('drivers_licence', 'licence')],
  ['driving license', L('drivers_licence', 'licence')],
  ['licence number', L('drivers_licence', 'licence')],
  ['license number', L('drivers_licence', 'licence')],
  ['licence no', L('drivers_licence', 'licence')],
  ['license no', L('drivers_licence', 'licence')],
  ['^DL', L('drivers_licence', 'licence')],
  ['^DLN', L('drivers_licence', 'licence')],
  ['permis de conduire', L('drivers_licence', 'licence')],
  ["operator's licence", L('drivers_licence', 'licence')],
  ["operator's license", L('drivers_licence', 'licence')],
  ['operators licence', L('drivers_licence', 'licence')],
  ['room', L('room_number', 'room')],
  ['room number', L('room_number', 'room')],
  ['rm', L('room_number', 'room')],
  ['bed', L('room_number', 'room')],
  ['bed number', L('room_number', 'room')],
  ['bay', L('room_number', 'room')],
  ['cubicle', L('room_number', 'room')],
  ['stretcher', L('room_number', 'room')],
  ['chambre', L('room_number', 'room')],
  ['^MR', MRN],
  ['mr number', MRN],
  ['mr no', MRN],
  ['hospital id', MRN],
  ['empi', MRN],
  ['enterprise id', MRN],
  ['unit no', MRN],
  ['case id', MRN],
  ['clinic number', MRN],
  ['registration number', MRN],
  ['reg no', MRN],
  ['requisition number', MRN],
  ['order number', MRN],
  ['^CSN', MRN],
  ['^HAR', MRN],
  ['^PID', MRN],
  ['record id', MRN],
  ['chart id', MRN],
  ['patient account', MRN],
  ['hospital account', MRN],
  ['certificate number', INSURANCE],
  ['certificate no', INSURANCE],
  ['cert no', INSURANCE],
  ['certificate', INSURANCE],
  ['plan number', INSURANCE],
  ['plan id', INSURANCE],
  ['plan no', INSURANCE],
  ['group no', INSURANCE],
  ['group id', INSURANCE],
  ['benefits card', INSURANCE],
  ['benefit card', INSURANCE],
  ['benefits', INSURANCE],
  ['coverage', INSURANCE],
  ['claim', INSURANCE],
  ['claim id', INSURANCE],
  ['^WSIB', INSURANCE],
  ['^WCB', INSURANCE],
  ['^CNESST', INSURANCE],
  ['^SAAQ', INSURANCE],
  ['^ICBC', INSURANCE],
  ['manulife', INSURANCE],
  ['sun life', INSURANCE],
  ['green shield', INSURANCE],
  ['canada life', INSURANCE],
  ['great west life', INSURANCE],
  ['great-west life', INSURANCE],
  ['desjardins', INSURANCE],
  ['aetna', INSURANCE],
  ['cigna', INSURANCE],
  ['unitedhealthcare', INSURANCE],
  ['united healthcare', INSURANCE],
  ['humana', INSURANCE],
  ['kaiser', INSURANCE],
  ['anthem', INSURANCE],
  ['^BCBS', INSURANCE],
  ['medavie', INSURANCE],
  ['pacific blue cross', INSURANCE],
  ['claimsecure', INSURANCE],
  ['empire life', INSURANCE],
  ['^SSQ', INSURANCE],
  ['^IFHP', INSURANCE],
  ['^NIHB', INSURANCE],
  ['status card', INSURANCE],
  ['insured', INSURANCE],
  ['policyholder', INSURANCE],
  ['carrier', INSURANCE],
  ['payer', INSURANCE],
  ['invoice', INSURANCE],
  ['invoice number', INSURANCE],
  ['billing account', INSURANCE],
  ['contract number', INSURANCE],
  ['subscriber number', INSURANCE],
  ['medicare id', INSURANCE],
  ['medicaid id', INSURANCE],
  ['insurance card', INSURANCE],
  ['insurance plan', INSURANCE],
  ['private insurance', INSURANCE],
  ['extended health', INSURANCE],
  ['^SS', NATIONAL],
  ['soc sec', NATIONAL],
  ['soc sec no', NATIONAL],
  ['^S.S.N', NATIONAL],
  ['^S.I.N', NATIONAL],
  ['social insurance', NATIONAL],
  ['social security card', NATIONAL],
  ['sin number', NATIONAL],
  ['ssn number', NATIONAL],
  ['tax id', NATIONAL],
  ['^TIN', NATIONAL],
  ['^ITIN', NATIONAL],
  ['green card', NATIONAL],
  ['alien number', NATIONAL],
  ['pr card', NATIONAL],
  ['permanent resident card', NATIONAL],
  ['^UCI', NATIONAL],
  ['citizenship number', NATIONAL],
  ['citizenship card', NATIONAL],
  ['national insurance', NATIONAL],
  ['national id number', NATIONAL],
  ['identity card', NATIONAL],
  ['id card number', NATIONAL],
  ['^HC', HEALTH],
  ['hc number', HEALTH],
  ['carecard', HEALTH],
  ['care card', HEALTH],
  ['services card', HEALTH],
  ['bc services card', HEALTH],
  ['ohip card', HEALTH],
  ['medical services plan', HEALTH],
  ['health plan', HEALTH],
  ['health care number', HEALTH],
  ['healthcare number', HEALTH],
  ['health card no', HEALTH],
  ['assurance maladie', HEALTH],
  ['carte ramq', HEALTH],
  ['health id', HEALTH],
  ["driver's lic", L('drivers_licence', 'licence')],
  ['drivers lic', L('drivers_licence', 'licence')],
  ['driver lic', L('drivers_licence', 'licence')],
  ['dl no', L('drivers_licence', 'licence')],
  ['licence', L('drivers_licence', 'licence')],
  ['license', L('drivers_licence', 'licence')],
  ['licence id', L('drivers_licence', 'licence')],
  ['license id', L('drivers_licence', 'licence')],
  ['operator licence', L('drivers_licence', 'licence')],
  ['operator license', L('drivers_licence', 'licence')],
  ['permis', L('drivers_licence', 'licence')],
  ['vehicle', L('licence_plate', 'plate')],
  ['tag number', L('licence_plate', 'plate')],
  ['licence tag', L('licence_plate', 'plate')],
  ['license tag', L('licence_plate', 'plate')],
  ['vehicle plate', L('licence_plate', 'plate')],
  ['car plate', L('licence_plate', 'plate')],
  ['model and serial', L('device_serial', 'serial')],
  ['serial #', L('device_serial', 'serial')],
  ['pump serial', L('device_serial', 'serial')],
  ['device number', L('device_serial', 'serial')],
  ['implant serial', L('device_serial', 'serial')],
  ['catalogue number', L('device_serial', 'serial')],
  ['unique device identifier', L('device_serial', 'serial')],
  ['^MAC', L('device_serial', 'serial')],
  ['mac address', L('device_serial', 'serial')],
  ['asset tag', L('device_serial', 'serial')],
  ['asset number', L('device_serial', 'serial')],
  ['visit', MRN],
  ['med rec', MRN],
  ['med rec no', MRN],
  ['medical rec', MRN],
  ['hospital', MRN],
  ['visit no', MRN],
  ['encounter no', MRN],
  ['group', INSURANCE],
  ['contract', INSURANCE],
  ['contract no', INSURANCE],
  ['member', INSURANCE],
  ['membership number', INSURANCE],
  ['ssn', NATIONAL],
  // Lower-case "sin" is also a word ("sin 30°"): only with exactly nine digits.
  ['sin', L('national_id', 'nine')],
  ['his number', PHONE],
  ['her number', PHONE],
  ['their number', PHONE],
  ['my number', PHONE],
  ['callback', PHONE],
  ['reach him at', PHONE],
  ['reach her at', PHONE],
  ['reach them at', PHONE],
]);

/** Words and marks that may sit between a keyword and its identifier ("MRN no.: 123…"). */
const FILLER_WORDS = new Set([
  'last',
  'four',
  'digits',
  'ends',
  'with',
  'reading',
  'reads',
  'shows',
  'showing',
  'given',
  'recorded',
  'written',
  'noted',
  'are',
  'be',
  'no',
  'nr',
  'num',
  'number',
  'numbers',
  'is',
  'was',
  'id',
  'code',
  'reads',
  'listed',
  'as',
  'on',
  'file',
  'of',
  'card',
  'ending',
  'in',
  'at',
  'the',
  'his',
  'her',
  'their',
  'patient',
  'patient’s',
  'and',
  'version',
  'plus',
]);
const FILLER_PUNCT = ':#=(-–—.,\'’"“';

/** Units and words that make a number a measurement, not an identifier. */
const UNITS = new Set([
  'mg',
  'mcg',
  'µg',
  'ug',
  'g',
  'kg',
  'ml',
  'l',
  'dl',
  'mmol',
  'umol',
  'µmol',
  'mol',
  'meq',
  'iu',
  'units',
  'unit',
  'u',
  'mmhg',
  'bpm',
  'cm',
  'mm',
  'm',
  'km',
  'h',
  'hr',
  'hrs',
  'hours',
  'min',
  'mins',
  'minutes',
  'days',
  'day',
  'weeks',
  'months',
  'years',
  'percent',
  'patients',
  'cases',
  'times',
  'beds',
  'rooms',
  'deaths',
  'people',
  'participants',
  'calls',
  'visits',
  'admissions',
  'x',
]);

function okPiece(t: Token | undefined, letters: boolean): boolean {
  return (
    !!t &&
    (t.type === NUM ||
      t.type === ALNUM ||
      (letters &&
        t.type === WORD &&
        t.text.length <= 5 &&
        t.text === t.text.toUpperCase() &&
        !UNITS.has(t.lower)))
  );
}

/**
 * "Room 3 is the resuscitation bay": a sentence about the room itself, not about who is in it.
 * (A context requirement cost recall on the dev set; rooms are flagged unless described so.)
 */
function describesRoom(tokens: Token[], keyword: number, last: number): boolean {
  const before = tokens[keyword - 1];
  const sentenceStart = !before || (before.type === PUNCT && '.!?;:'.includes(before.text));
  const verb = tokens[last + 1]?.lower ?? '';
  return sentenceStart && ['is', 'has', 'was', 'holds', 'serves', 'remains'].includes(verb);
}

/** Identifier pieces after token j: digit/letter runs joined by -./ or single spaces. */
function capture(tokens: Token[], j: number, maxPieces: number, letters: boolean): number {
  const first = tokens[j];
  if (!first) return -1;
  if (!okPiece(first, letters)) return -1;
  let last = j;
  let pieces = 1;
  let chars = first.text.length;
  while (pieces < maxPieces && chars < 32) {
    const sep = tokens[last + 1];
    const next = tokens[last + 2];
    if (
      sep &&
      sep.type === PUNCT &&
      '-./'.includes(sep.text) &&
      !sep.space &&
      next &&
      !next.space &&
      okPiece(next, letters)
    ) {
      last += 2;
      chars += next.text.length + 1;
    } else if (sep && sep.space && !sep.newline && okPiece(sep, letters) && sep.type !== WORD) {
      last += 1;
      chars += sep.text.length + 1;
    } else if (sep && sep.space && !sep.newline && letters && okPiece(sep, letters)) {
      last += 1;
      chars += sep.text.length + 1;
    } else break;
    pieces++;
  }
  return last;
}

function digitsIn(tokens: Token[], first: number, last: number): number {
  let d = 0;
  for (let k = first; k <= last; k++) {
    const t = tokens[k];
    if (t) d += digitCount(t);
  }
  return d;
}

function alnumIn(tokens: Token[], first: number, last: number): number {
  let n = 0;
  for (let k = first; k <= last; k++) {
    const t = tokens[k];
    if (t && t.type !== PUNCT) n += t.text.length;
  }
  return n;
}

const looksMeasured = (after: Token | undefined): boolean =>
  !!after && ((after.type === WORD && UNITS.has(after.lower)) || isPunct(after, '%'));

function fits(shape: Shape, tokens: Token[], first: number, last: number): boolean {
  const digits = digitsIn(tokens, first, last);
  const length = alnumIn(tokens, first, last);
  // "chart in 2019", "policy since 2021": a year alone is not an identifier.
  const only = tokens[first];
  if (first === last && only?.type === NUM && /^(19|20)\d\d$/.test(only.text) && shape !== 'room')
    return false;
  switch (shape) {
    case 'id':
      return digits >= 4 && length <= 24;
    case 'nine':
      return digits === 9 && length === 9;
    case 'phone':
      return digits >= 7 && digits <= 15 && length === digits;
    case 'ext':
      return digits >= 3 && digits <= 6 && length === digits;
    case 'plate':
      return digits >= 1 && length >= 4 && length <= 9;
    case 'serial':
      return digits >= 3 && length >= 4;
    case 'licence':
      return digits >= 4 && length >= 5;
    case 'room':
      return digits >= 1 && digits <= 5 && length <= 6;
  }
}

const maxPiecesOf = (shape: Shape): number =>
  shape === 'phone' ? 5 : shape === 'room' || shape === 'ext' ? 1 : shape === 'plate' ? 2 : 4;

/** Keyword, a few fillers, then an identifier of the keyword's shape ("MRN: 12345678"). */
export function findLabelledIdentifiers(scan: Scan): void {
  const { tokens } = scan;
  for (let i = 0; i < tokens.length; i++) {
    const hit = KEYWORDS.match(tokens, i);
    if (!hit) continue;
    const { kind, shape } = hit.value;
    let j = hit.last + 1;
    // Fillers: at most four ("no.: #", "number is", "on file as").
    for (let f = 0; f < 4; f++) {
      const t = tokens[j];
      if (!t) break;
      const filler =
        (t.type === PUNCT && FILLER_PUNCT.includes(t.text)) || (t.type === WORD && FILLER_WORDS.has(t.lower));
      if (!filler) break;
      j++;
    }
    // A leading "+" or "(" belongs to a phone number.
    let first = j;
    if (shape === 'phone' && isPunct(tokens[j], '+(')) j++;
    const letters = shape !== 'phone' && shape !== 'ext';
    let last = capture(tokens, j, maxPiecesOf(shape), letters);
    if (shape === 'phone' && last >= 0) last = extendPhone(tokens, first, last);
    if (last < 0 || !fits(shape, tokens, first, last)) {
      // "insurance (Manulife #44-0091-2231)", "the plate of the visitor's car (DK7 2LP)".
      const loose = looseStart(tokens, j, shape);
      const far =
        loose < 0 && FAR_KINDS.has(kind) && !GENERIC_KEYWORDS.has(scan.slice(i, hit.last).toLowerCase())
          ? farNumber(tokens, j, shape)
          : -1;
      if (loose < 0 && far >= 0) {
        last = capture(tokens, far, maxPiecesOf(shape), false);
        if (last >= 0 && digitsIn(tokens, far, last) >= 7 && fits(shape, tokens, far, last)) {
          if (!looksMeasured(tokens[last + 1])) scan.add(kind, far, last, scan.slice(i, hit.last), LABELLED);
          i = last;
        }
        continue;
      }
      if (loose < 0) {
        labelAfter(scan, i, hit.last, kind, shape);
        continue;
      }
      first = j = loose;
      last = capture(tokens, j, maxPiecesOf(shape), letters);
      if (last < 0) continue;
    }
    if (first !== j && !isPunct(tokens[first], '+(')) first = j;
    if (!fits(shape, tokens, first, last) || looksMeasured(tokens[last + 1])) continue;
    if (shape === 'room' && describesRoom(tokens, i, last)) continue;
    scan.add(kind, first, last, scan.slice(i, hit.last), LABELLED);
    i = last;
  }
}

/** "046 454 286 (SIN)", "12345678 (MRN)": the label in parentheses right after the number. */
function labelAfter(scan: Scan, i: number, keywordLast: number, kind: PhiKind, shape: Shape): void {
  const { tokens } = scan;
  if (!isPunct(tokens[i - 1], '(') || !isPunct(tokens[keywordLast + 1], ')')) return;
  const last = i - 2;
  const letters = shape !== 'phone' && shape !== 'ext';
  if (!okPiece(tokens[last], letters)) return;
  // Walk back over pieces joined as `capture` joins them.
  let first = last;
  for (let p = 1; p < maxPiecesOf(shape); p++) {
    const sep = tokens[first - 1];
    const prev = tokens[first - 2];
    if (
      sep &&
      sep.type === PUNCT &&
      '-./'.includes(sep.text) &&
      !sep.space &&
      !tokens[first]?.space &&
      okPiece(prev, letters)
    )
      first -= 2;
    else if (tokens[first]?.space && okPiece(sep, letters) && sep?.type !== WORD) first -= 1;
    else break;
  }
  if (fits(shape, tokens, first, last)) scan.add(kind, first, last, scan.slice(i, keywordLast), LABELLED);
}

/** Shapes that stand out from prose: an identifier may sit a few words after its keyword. */
function looseStart(tokens: Token[], j: number, shape: Shape): number {
  const window = shape === 'plate' || shape === 'serial' || shape === 'licence' ? 8 : 4;
  for (let k = j; k < j + window; k++) {
    const t = tokens[k];
    if (!t || t.newline || (t.type === PUNCT && '.;!?'.includes(t.text) && tokens[k + 1]?.space)) return -1;
    if (t.type === ALNUM && t.text === t.text.toUpperCase() && digitCount(t) >= 1) return k;
    if (t.type === NUM && shape !== 'plate' && t.text.length >= 2) return k;
    if (
      shape === 'plate' &&
      t.type === WORD &&
      t.text.length <= 4 &&
      t.text === t.text.toUpperCase() &&
      tokens[k + 1]?.type === NUM
    )
      return k;
    // Ordinary prose between keyword and number only for the distinctive shapes.
    const prose = t.type === WORD && t.text[0] === t.lower[0] && !FILLER_WORDS.has(t.lower);
    if (prose && window === 4) return -1;
  }
  return -1;
}

/** Identifier kinds whose number may sit a few prose words after the keyword when it is long. */
/** Ordinary words that are keywords only right before their number. */
const GENERIC_KEYWORDS = new Set([
  'patient',
  'record',
  'hosp',
  'hospital',
  'chart',
  'insurance',
  'insurer',
  'insured',
  'account',
  'benefits',
  'coverage',
  'claim',
  'carrier',
  'payer',
  'member',
  'group',
  'contract',
  'visit',
  'encounter',
  'certificate',
  'invoice',
  'subscriber',
  'beneficiary',
  'policy',
  'passport',
  'licence',
  'license',
]);
const FAR_KINDS = new Set<PhiKind>([
  'medical_record_number',
  'health_card_number',
  'insurance_number',
  'national_id',
]);

/**
 * "The SIN on the form (527 000 126)", "the MRN you want is 4455-0192": a number of seven or more
 * digits within six words of a record keyword, in the same sentence (checked by the caller).
 */
function farNumber(tokens: Token[], j: number, shape: Shape): number {
  if (shape !== 'id' && shape !== 'nine') return -1;
  for (let k = j; k < j + 7; k++) {
    const t = tokens[k];
    if (!t || t.newline || (t.type === PUNCT && '.;!?'.includes(t.text) && tokens[k + 1]?.space)) return -1;
    if (t.type === NUM && t.text.length >= 2) return k;
    if (t.type === ALNUM) return -1;
  }
  return -1;
}

/** "(416) 555-1234": the closing parenthesis and what follows it. */
function extendPhone(tokens: Token[], first: number, last: number): number {
  if (!isPunct(tokens[first], '(') || !isPunct(tokens[last + 1], ')')) return last;
  const after = capture(tokens, last + 2, 4, false);
  return after >= 0 ? after : last;
}
