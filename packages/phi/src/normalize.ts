/**
 * Evasions a writer might use so the guard misses an identifier — zero-width characters or soft
 * hyphens inside a number or a name, Unicode spaces, full-width or other-script digits, Cyrillic or
 * Greek look-alike letters in a label ("МRN") — are undone on a copy of the text before detection;
 * `map` takes each offset of the copy back to the original, so findings point at what was written.
 * One pass, each code point mapped on its own (NFKC per code point, cached): linear.
 */

/** Removed: zero-width space/joiners, word joiner, BOM, soft hyphen, Mongolian vowel separator. */
const INVISIBLE = new Set([0x00ad, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0xfeff]);

/** Look-alike letters folded to the Latin letter they imitate (Cyrillic and Greek capitals, a few small). */
const CONFUSABLE: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ο: 'o',
};

const cache = new Map<number, string>();

/** What one non-ASCII code point becomes on the detection copy ('' when removed). */
function fold(cp: number, ch: string): string {
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  let out: string;
  if (INVISIBLE.has(cp)) out = '';
  else if (CONFUSABLE[ch]) out = CONFUSABLE[ch];
  else if (/\p{Zs}/u.test(ch)) out = ' ';
  else if (cp === 0x2010 || cp === 0x2011 || cp === 0x2012 || cp === 0x2212 || cp === 0xfe63) out = '-';
  else if (/\p{Nd}/u.test(ch) && (cp < 0xff10 || cp > 0xff19)) {
    // Digits of other scripts (Arabic-Indic, Devanagari, …): their value as an ASCII digit.
    out = digitOf(cp) ?? ch.normalize('NFKC');
  } else {
    out = ch.normalize('NFKC');
    // Keep a normalization only when it ends in ASCII or one code point (no accents stripped here).
    if (out.length > 4) out = ch;
  }
  if (cache.size < 4096) cache.set(cp, out);
  return out;
}

/** Zeros of the decimal-digit blocks of common scripts (full-width and mathematical digits: NFKC). */
const ZEROS = [
  0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6,
  0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1b50, 0x1bb0, 0x1c40, 0x1c50,
  0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xaa50, 0xabf0,
];

function digitOf(cp: number): string | undefined {
  for (const zero of ZEROS) if (cp >= zero && cp <= zero + 9) return String(cp - zero);
  return undefined;
}

export interface Normalized {
  text: string;
  /** Original offset of each character of `text`, plus one entry for `text.length`; null when unchanged. */
  map: Int32Array | null;
}

/** Record-label acronyms written spaced or dotted ("M.R.N.", "S S N") or glued to the number ("mrn12345678"). */
const ACRONYMS = new Set(['MRN', 'SSN', 'SIN', 'DOB', 'PHN', 'HCN', 'OHIP', 'RAMQ', 'ULI', 'MBI', 'NAM']);
const GLUED = ['mrn', 'ssn', 'dob', 'phn', 'hcn', 'ohip', 'ramq'];

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLetter = (c: number): boolean => isUpper(c) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Second pass: "M.R.N." / "M R N" become "MRN", "mrn12345678" becomes "mrn 12345678". Each
 * position is either emitted once or consumed by a bounded look-ahead (≤ 12 characters): linear.
 */
function collapseLabels(text: string): Normalized {
  if (!mayCollapse(text)) return { text, map: null };
  const parts: string[] = [];
  const map: number[] = [];
  let changed = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    const boundary = i === 0 || !isLetter(text.charCodeAt(i - 1));
    if (boundary && isUpper(c)) {
      // Single capitals, each followed by ".", ". " or " ".
      const letters: number[] = [];
      let j = i;
      while (
        letters.length < 5 &&
        j < n &&
        isUpper(text.charCodeAt(j)) &&
        !isLetter(text.charCodeAt(j + 1))
      ) {
        letters.push(j);
        const sep = text.charCodeAt(j + 1);
        if (sep === 46) j += text.charCodeAt(j + 2) === 32 ? 3 : 2;
        else if (sep === 32) j += 2;
        else {
          j++;
          break;
        }
      }
      const word = letters.map((k) => text.charAt(k)).join('');
      if (letters.length >= 3 && ACRONYMS.has(word)) {
        for (const k of letters) {
          parts.push(text.charAt(k));
          map.push(k);
        }
        // Keep one separator after the label so the number stays a separate token.
        const last = letters[letters.length - 1] ?? i;
        parts.push(' ');
        map.push(last + 1 < n ? last + 1 : last);
        changed = true;
        i = j > last + 1 ? j : last + 1;
        continue;
      }
    }
    if (boundary && isLetter(c)) {
      let glued = '';
      for (const g of GLUED) {
        if (text.slice(i, i + g.length).toLowerCase() === g && isDigit(text.charCodeAt(i + g.length)))
          glued = g;
      }
      if (glued) {
        for (let k = 0; k < glued.length; k++) {
          parts.push(text.charAt(i + k));
          map.push(i + k);
        }
        parts.push(' ');
        map.push(i + glued.length);
        changed = true;
        i += glued.length;
        continue;
      }
    }
    parts.push(text.charAt(i));
    map.push(i);
    i++;
  }
  if (!changed) return { text, map: null };
  map.push(n);
  return { text: parts.join(''), map: Int32Array.from(map) };
}

/** Cheap pre-scan: a spaced/dotted capital ("M.", "M ") or a glued label before a digit. */
function mayCollapse(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!isLetter(c) || (i > 0 && isLetter(text.charCodeAt(i - 1)))) continue;
    const next = text.charCodeAt(i + 1);
    if (
      isUpper(c) &&
      (next === 46 || next === 32) &&
      isUpper(text.charCodeAt(i + (text.charCodeAt(i + 2) === 32 ? 3 : 2)))
    )
      return true;
    for (const g of GLUED) {
      if (
        (c | 32) === g.charCodeAt(0) &&
        isDigit(text.charCodeAt(i + g.length)) &&
        text.slice(i, i + g.length).toLowerCase() === g
      )
        return true;
    }
  }
  return false;
}

export function normalizeForDetection(text: string): Normalized {
  const first = foldCharacters(text);
  const second = collapseLabels(first.text);
  if (!second.map) return first;
  if (!first.map) return second;
  const outer = first.map;
  return { text: second.text, map: second.map.map((k) => outer[k] ?? text.length) };
}

function foldCharacters(text: string): Normalized {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return { text, map: null };
  // Most non-ASCII text ("—", "é") folds to itself: build the copy only when something changes.
  let any = false;
  for (let i = 0; i < text.length && !any; i++) {
    const cp = text.charCodeAt(i);
    if (cp <= 0x7f) continue;
    const full = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(full);
    if (fold(full, ch) !== ch) any = true;
    if (full > 0xffff) i++;
  }
  if (!any) return { text, map: null };
  const parts: string[] = [];
  const map: number[] = [];
  let changed = false;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    if (cp <= 0x7f) {
      parts.push(text.charAt(i));
      map.push(i);
      i++;
      continue;
    }
    const ch = text.slice(i, i + width);
    const out = fold(cp, ch);
    if (out !== ch) changed = true;
    for (let k = 0; k < out.length; k++) map.push(i);
    parts.push(out);
    i += width;
  }
  if (!changed) return { text, map: null };
  map.push(text.length);
  return { text: parts.join(''), map: Int32Array.from(map) };
}

/** Original [start, end) of a copy's [start, end): the end is the end of the last mapped character. */
export function toOriginal(map: Int32Array, text: string, start: number, end: number): [number, number] {
  const s = map[start] ?? text.length;
  if (end <= start) return [s, s];
  const lastStart = map[end - 1] ?? text.length;
  const cp = text.codePointAt(lastStart) ?? 0;
  return [s, lastStart + (cp > 0xffff ? 2 : 1)];
}
