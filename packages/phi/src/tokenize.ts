/** Token classes: letters only, digits only, letters and digits mixed, one punctuation character. */
export const WORD = 0;
export const NUM = 1;
export const ALNUM = 2;
export const PUNCT = 3;
/** A letter/digit run longer than any identifier: kept so offsets stay right, matched by nothing. */
export const LONG = 4;

export interface Token {
  type: number;
  start: number;
  end: number;
  text: string;
  lower: string;
  /** Whitespace precedes the token (or it starts the text). */
  space: boolean;
  /** A line break precedes the token. */
  newline: boolean;
}

/** No identifier, name or keyword is longer than this; longer runs are inert. */
const MAX_TOKEN = 64;

const LETTER = /\p{L}|\p{M}/u;

/** 1 letter, 2 digit, 3 space, 0 other. ASCII by table; the rest by one cheap Unicode test. */
function classOf(code: number, text: string, i: number): number {
  if (code >= 48 && code <= 57) return 2;
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return 1;
  if (code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11) return 3;
  if (code < 128) return 0;
  if (code === 0xa0 || code === 0x2009 || code === 0x202f || code === 0x2028 || code === 0x2029) return 3;
  // Surrogate pairs (emoji, rare scripts) are punctuation here; names in them are out of scope.
  return LETTER.test(text.charAt(i)) ? 1 : 0;
}

/**
 * Splits text into tokens in one pass: maximal runs of letters/digits, single punctuation
 * characters; whitespace only marks `space`/`newline` on the next token. Linear in the text.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  let space = true;
  let newline = false;
  while (i < n) {
    const code = text.charCodeAt(i);
    const cls = classOf(code, text, i);
    if (cls === 3) {
      space = true;
      if (code === 10 || code === 13) newline = true;
      i++;
      // Fast path through a run of plain spaces.
      while (i < n && text.charCodeAt(i) === 32) i++;
      continue;
    }
    const start = i;
    let type: number;
    if (cls === 0) {
      i++;
      type = PUNCT;
      tokens.push({
        type,
        start,
        end: i,
        text: text.charAt(start),
        lower: text.charAt(start),
        space,
        newline,
      });
      space = false;
      newline = false;
      continue;
    } else {
      let letters = false;
      let digits = false;
      while (i < n) {
        const code = text.charCodeAt(i);
        if (code >= 48 && code <= 57) {
          digits = true;
          i++;
          continue;
        }
        const c = classOf(code, text, i);
        if (c === 1) letters = true;
        else if (c === 2) digits = true;
        else break;
        i++;
      }
      type = letters && digits ? ALNUM : letters ? WORD : NUM;
      if (i - start > MAX_TOKEN) type = LONG;
    }
    const raw = type === LONG ? '' : text.slice(start, i);
    const lower = type === WORD || type === ALNUM ? raw.toLowerCase() : raw;
    tokens.push({ type, start, end: i, text: raw, lower, space, newline });
    space = false;
    newline = false;
  }
  return tokens;
}

export const isCapitalized = (t: Token | undefined): boolean => {
  if (!t || t.type !== WORD) return false;
  const first = t.text.charAt(0);
  return (
    first !== first.toLowerCase() && t.text.length >= 2 && t.text.slice(1) !== t.text.slice(1).toUpperCase()
  );
};

export const isAllCaps = (t: Token | undefined): boolean =>
  !!t && t.type === WORD && t.text === t.text.toUpperCase() && t.text !== t.lower;

export const isPunct = (t: Token | undefined, chars: string): boolean =>
  !!t && t.type === PUNCT && chars.includes(t.text);

/** Digits in a token (0 for words and inert runs). */
export function digitCount(t: Token): number {
  if (t.type === NUM) return t.text.length;
  if (t.type !== ALNUM) return 0;
  let d = 0;
  for (let i = 0; i < t.text.length; i++) {
    const c = t.text.charCodeAt(i);
    if (c >= 48 && c <= 57) d++;
  }
  return d;
}
