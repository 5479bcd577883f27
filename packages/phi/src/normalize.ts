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

export function normalizeForDetection(text: string): Normalized {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return { text, map: null };
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
