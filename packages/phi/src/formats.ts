import { luhnValid, ssnPlausible } from './checksums.ts';
import { FORMAT, type Scan } from './scan.ts';
import { ALNUM, isPunct, NUM, PUNCT, type Token, WORD } from './tokenize.ts';

/**
 * Identifiers whose shape alone is telling (Purview's "high confidence" patterns): formatted phone
 * numbers, SSN/SIN with valid ranges or checksum, OHIP with version code, RAMQ with a valid birth
 * date, postal codes, IPv4 addresses. A bare digit run is never one of these.
 */
const isNum = (t: Token | undefined, min: number, max = min): t is Token =>
  !!t && t.type === NUM && t.text.length >= min && t.text.length <= max;

/** Token k is a separator `chars` with no space on either side. */
const tight = (tokens: Token[], k: number, chars: string): boolean => {
  const t = tokens[k];
  const next = tokens[k + 1];
  return !!t && t.type === PUNCT && chars.includes(t.text) && !t.space && !!next && !next.space;
};

/** No digit run glued to either end: "123-456-7890" inside "1-123-456-7890-5" is not one. */
function isolated(tokens: Token[], first: number, last: number): boolean {
  const before = tokens[first - 1];
  const firstToken = tokens[first];
  if (before && firstToken && !firstToken.space && isPunct(before, '-./') && !before.space) {
    if (tokens[first - 2]?.type === NUM) return false;
  }
  return !(tight(tokens, last + 1, '-./') && tokens[last + 2]?.type === NUM);
}

/** Three digit groups a-b-c with one separator (same both times). Returns the last token or -1. */
function groups(tokens: Token[], i: number, sizes: [number, number, number], seps: string): number {
  const a = tokens[i];
  if (!isNum(a, sizes[0])) return -1;
  const s1 = tokens[i + 1];
  const b = tokens[i + 2];
  // Space-separated groups: the separator is the space itself.
  if (seps.includes(' ') && isNum(s1, sizes[1]) && s1.space) {
    const c = tokens[i + 2];
    if (isNum(c, sizes[2]) && c.space) return i + 2;
    return -1;
  }
  if (!s1 || !tight(tokens, i + 1, seps) || !isNum(b, sizes[1])) return -1;
  if (!tight(tokens, i + 3, s1.text) || !isNum(tokens[i + 4], sizes[2])) return -1;
  return i + 4;
}

function phones(scan: Scan, i: number): boolean {
  const { tokens } = scan;
  const t = tokens[i];
  if (!t) return false;
  // (416) 555-1234
  if (isPunct(t, '(') && isNum(tokens[i + 1], 3) && isPunct(tokens[i + 2], ')')) {
    const n1 = tokens[i + 3];
    const sep = tokens[i + 4];
    if (isNum(n1, 3) && sep && (tight(tokens, i + 4, '-.') ? isNum(tokens[i + 5], 4) : false)) {
      scan.add('phone', i, i + 5, '', FORMAT);
      return true;
    }
    if (isNum(n1, 3) && isNum(sep, 4) && sep.space) {
      scan.add('phone', i, i + 4, '', FORMAT);
      return true;
    }
  }
  // +1 416 555 1234, +44 20 7946 0958
  if (isPunct(t, '+') && isNum(tokens[i + 1], 1, 3) && !tokens[i + 1]?.space) {
    let last = i + 1;
    let digits = tokens[i + 1]?.text.length ?? 0;
    for (let p = 0; p < 5; p++) {
      const next = tokens[last + 1];
      if (isNum(next, 1, 4) && next.space) last += 1;
      else if (tight(tokens, last + 1, '-.') && isNum(tokens[last + 2], 1, 4)) last += 2;
      else if (isPunct(next, '(') && isNum(tokens[last + 2], 1, 4) && isPunct(tokens[last + 3], ')'))
        last += 3;
      else break;
      digits += tokens[isPunct(tokens[last], ')') ? last - 1 : last]?.text.length ?? 0;
    }
    if (digits >= 8 && digits <= 15) {
      scan.add('phone', i, last, '', FORMAT);
      return true;
    }
  }
  // 1-800-555-1234
  if (isNum(t, 1) && tight(tokens, i + 1, '-.') && groups(tokens, i + 2, [3, 3, 4], '-.') > 0) {
    const last = groups(tokens, i + 2, [3, 3, 4], '-.');
    if (isolated(tokens, i, last)) {
      scan.add('phone', i, last, '', FORMAT);
      return true;
    }
  }
  // 416-555-1234, 416.555.1234
  const last = groups(tokens, i, [3, 3, 4], '-.');
  if (last > 0 && isolated(tokens, i, last)) {
    scan.add('phone', i, last, '', FORMAT);
    return true;
  }
  // 416 555-0199: a space, then a hyphen.
  if (
    isNum(t, 3) &&
    isNum(tokens[i + 1], 3) &&
    tokens[i + 1]?.space &&
    tight(tokens, i + 2, '-') &&
    isNum(tokens[i + 3], 4)
  ) {
    if (isolated(tokens, i, i + 3) && /^[2-9]/.test(t.text)) {
      scan.add('phone', i, i + 3, '', FORMAT);
      return true;
    }
  }
  // 604 555 0153: spaces only for North American numbers (area and exchange start with 2-9).
  const spaced = groups(tokens, i, [3, 3, 4], ' ');
  if (
    spaced > 0 &&
    isolated(tokens, i, spaced) &&
    /^[2-9]/.test(t.text) &&
    /^[2-9]/.test(tokens[i + 1]?.text ?? '')
  ) {
    scan.add('phone', i, spaced, '', FORMAT);
    return true;
  }
  return false;
}

function nationalIds(scan: Scan, i: number): boolean {
  const { tokens } = scan;
  const ssn = groups(tokens, i, [3, 2, 4], '-');
  if (ssn > 0 && isolated(tokens, i, ssn)) {
    const [a, , b, , c] = tokens.slice(i, ssn + 1);
    if (a && b && c && ssnPlausible(a.text, b.text, c.text)) {
      scan.add('national_id', i, ssn, '', FORMAT);
      return true;
    }
  }
  const sin = groups(tokens, i, [3, 3, 3], '- ');
  if (sin > 0 && isolated(tokens, i, sin)) {
    let digits = '';
    for (let k = i; k <= sin; k++) if (tokens[k]?.type === NUM) digits += tokens[k]?.text ?? '';
    if (digits[0] !== '0' && digits[0] !== '8' && luhnValid(digits)) {
      scan.add('national_id', i, sin, '', FORMAT);
      return true;
    }
  }
  return false;
}

const VERSION_CODE = /^[A-Z]{2}$/;
const RAMQ_LETTERS = /^[A-Z]{4}$/;
const EIGHT_DIGITS = /^\d{8}$/;

function ramq(letters: string, digits: string): boolean {
  if (!RAMQ_LETTERS.test(letters) || !EIGHT_DIGITS.test(digits)) return false;
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  return ((month >= 1 && month <= 12) || (month >= 51 && month <= 62)) && day >= 1 && day <= 31;
}

function healthCards(scan: Scan, i: number): boolean {
  const { tokens } = scan;
  const t = tokens[i];
  if (!t) return false;
  // Ontario: 1234-567-890-AB / 1234 567 890 AB (10 digits, version code letters).
  const last = groups(tokens, i, [4, 3, 3], '- ');
  if (last > 0) {
    const sep = tokens[last + 1];
    const code = sep && tight(tokens, last + 1, '-') ? tokens[last + 2] : sep;
    if (code && code.type === WORD && VERSION_CODE.test(code.text) && (code === sep ? code.space : true)) {
      scan.add('health_card_number', i, code === sep ? last + 1 : last + 2, '', FORMAT);
      return true;
    }
  }
  if (t.type === ALNUM && /^\d{10}[A-Z]{2}$/.test(t.text)) {
    scan.add('health_card_number', i, i, '', FORMAT);
    return true;
  }
  // Québec RAMQ: 4 letters, then YY MM(+50) DD and 2 digits: "TREM 8551 1234", "TREM85511234".
  if (t.type === ALNUM && t.text.length === 12 && ramq(t.text.slice(0, 4), t.text.slice(4))) {
    scan.add('health_card_number', i, i, '', FORMAT);
    return true;
  }
  const a = tokens[i + 1];
  const b = tokens[i + 2];
  if (t.type === WORD && isNum(a, 4) && isNum(b, 4) && b.space && ramq(t.text, a.text + b.text)) {
    scan.add('health_card_number', i, i + 2, '', FORMAT);
    return true;
  }
  return false;
}

const FSA = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]$/;
const LDU = /^\d[ABCEGHJ-NPRSTV-Z]\d$/;
const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
    ' ',
  ),
);

const TNM = /^T[0-4X][a-d]?N[0-3X][a-c]?M[01X]$/i;

function postalCodes(scan: Scan, i: number): boolean {
  const { tokens } = scan;
  const t = tokens[i];
  if (!t) return false;
  // "T2N0M0" written without a space is a TNM stage, not a Calgary postal code.
  if (TNM.test(t.text)) return false;
  if (t.type === ALNUM && t.text.length === 6 && FSA.test(t.text.slice(0, 3)) && LDU.test(t.text.slice(3))) {
    scan.add('postal_code', i, i, '', FORMAT);
    return true;
  }
  if (t.type === ALNUM && FSA.test(t.text)) {
    const next = tokens[i + 1];
    if (next && next.type === ALNUM && next.space && LDU.test(next.text)) {
      scan.add('postal_code', i, i + 1, '', FORMAT);
      return true;
    }
    if (tight(tokens, i + 1, '-') && tokens[i + 2]?.type === ALNUM && LDU.test(tokens[i + 2]?.text ?? '')) {
      scan.add('postal_code', i, i + 2, '', FORMAT);
      return true;
    }
  }
  // US ZIP after a state code: "Boston, MA 02115", "MA 02115-1234".
  if (isNum(t, 5) && t.space) {
    const state = tokens[i - 1];
    const lowerState =
      state && state.lower === state.text && isPunct(tokens[i - 2], ',') ? state.text.toUpperCase() : '';
    const keyword =
      ZIP_WORDS.has(tokens[i - 1]?.lower ?? '') ||
      ZIP_WORDS.has(tokens[i - 2]?.lower ?? '') ||
      ZIP_WORDS.has(tokens[i - 3]?.lower ?? '');
    if (
      (state && state.type === WORD && (US_STATES.has(state.text) || US_STATES.has(lowerState))) ||
      keyword
    ) {
      const last = tight(tokens, i + 1, '-') && isNum(tokens[i + 2], 4) ? i + 2 : i;
      scan.add('postal_code', i, last, '', FORMAT);
      return true;
    }
  }
  return false;
}

const ZIP_WORDS = new Set(['zip', 'zipcode', 'postal', 'code']);
const VERSION_WORDS = new Set(['version', 'v', 'ver', 'release', 'build', 'firmware', 'software']);

function ipAddresses(scan: Scan, i: number): boolean {
  const { tokens } = scan;
  if (!isNum(tokens[i], 1, 3)) return false;
  for (let k = 1; k <= 3; k++) {
    if (!tight(tokens, i + 2 * k - 1, '.') || !isNum(tokens[i + 2 * k], 1, 3)) return false;
  }
  for (let k = 0; k <= 6; k += 2) if (Number(tokens[i + k]?.text) > 255) return false;
  if (tight(tokens, i + 7, '.') && tokens[i + 8]?.type === NUM) return false;
  const before = tokens[i - 1];
  if (before && before.type === PUNCT && before.text === '.' && !tokens[i]?.space) return false;
  if (VERSION_WORDS.has(tokens[i - 1]?.lower ?? '') || VERSION_WORDS.has(tokens[i - 2]?.lower ?? ''))
    return false;
  scan.add('ip_address', i, i + 6, '', FORMAT);
  return true;
}

const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const hexGroup = (t: Token | undefined): boolean =>
  !!t && (t.type === NUM || t.type === ALNUM || t.type === WORD) && HEX_GROUP.test(t.text);

/** IPv6 "fe80::1ff:fe23:4567:890a" (eight groups, or "::" and three); times like 10:45:30 are not. */
function ipv6(scan: Scan, i: number): boolean {
  const { tokens } = scan;
  if (!hexGroup(tokens[i]) || tokens[i - 1]?.text === ':') return false;
  let last = i;
  let groups = 1;
  let compressed = false;
  let letters = /[a-f]/i.test(tokens[i]?.text ?? '');
  while (groups < 8) {
    if (!tight(tokens, last + 1, ':')) break;
    let k = last + 2;
    if (isPunct(tokens[k], ':') && !tokens[k]?.space) {
      if (compressed) break;
      compressed = true;
      k++;
    }
    if (!hexGroup(tokens[k]) || tokens[k]?.space) break;
    last = k;
    groups++;
    if (/[a-f]/i.test(tokens[k]?.text ?? '')) letters = true;
  }
  if (!(groups === 8 || (compressed && groups >= 3 && letters))) return false;
  scan.add('ip_address', i, last, '', FORMAT);
  return true;
}

/** One pass over the tokens; each position tries the shapes in a fixed order. */
export function findFormattedIdentifiers(scan: Scan): void {
  const n = scan.tokens.length;
  for (let i = 0; i < n; i++) {
    const t = scan.tokens[i];
    if (!t || (t.type !== NUM && t.type !== ALNUM && t.type !== WORD && t.type !== PUNCT)) continue;
    if (t.type === PUNCT && t.text !== '(' && t.text !== '+') continue;
    if (t.type === WORD && t.text.length > 4) continue;
    if (
      ipAddresses(scan, i) ||
      ipv6(scan, i) ||
      phones(scan, i) ||
      nationalIds(scan, i) ||
      healthCards(scan, i)
    )
      continue;
    postalCodes(scan, i);
  }
}
