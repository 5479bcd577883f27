/**
 * How a purge finds a text: on a folded form of both sides, so a look-alike of the text is found
 * too. Folding, per code point: format characters (zero-width spaces and joiners, soft hyphens,
 * direction marks) are dropped, whitespace runs (NBSP and the other Unicode spaces included)
 * become one space, and every other character is canonically decomposed (NFD, so "é" typed as one
 * code point or as "e" + combining accent is the same). Case is kept. Occurrences are mapped back
 * to ranges of the original string, which are what a purge replaces. Linear in the input.
 */

const FORMAT = /^\p{Cf}$/u;
const SPACE = /^\s$/u;

interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`: the start and end (exclusive) in the original string. */
  from: number[];
  to: number[];
}

/** Printable ASCII with single spaces folds to itself: the common case skips the mapping. */
const PLAIN = /^(?:[\x21-\x7e]| (?! ))*$/;

function fold(s: string): Folded {
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let lastSpace = false;
  let i = 0;
  while (i < s.length) {
    const code = s.charCodeAt(i);
    if (code > 0x20 && code < 0x7f) {
      parts.push(s[i] as string);
      from.push(i);
      to.push(i + 1);
      lastSpace = false;
      i++;
      continue;
    }
    const cp = s.codePointAt(i) ?? code;
    const ch = String.fromCodePoint(cp);
    const start = i;
    i += ch.length;
    if (FORMAT.test(ch)) continue;
    if (SPACE.test(ch)) {
      if (lastSpace) to[to.length - 1] = i;
      else {
        parts.push(' ');
        from.push(start);
        to.push(i);
      }
      lastSpace = true;
      continue;
    }
    lastSpace = false;
    const d = ch.normalize('NFD');
    parts.push(d);
    for (let k = 0; k < d.length; k++) {
      from.push(start);
      to.push(i);
    }
  }
  return { text: parts.join(''), from, to };
}

/** The folded form of a string (see the module comment). */
export const foldText = (s: string): string => (PLAIN.test(s) ? s : fold(s).text);

/** Whether `s` holds `text` or a look-alike of it. */
export function foldedHolds(s: string, text: string): boolean {
  if (s.includes(text)) return true;
  const needle = foldText(text);
  return needle.length > 0 && foldText(s).includes(needle);
}

/** The non-overlapping occurrences of `text` (or a look-alike) in `s`, as original ranges. */
export function foldedOccurrences(s: string, text: string): { start: number; end: number }[] {
  const needle = foldText(text);
  if (needle.length === 0) return [];
  if (PLAIN.test(s)) {
    const out: { start: number; end: number }[] = [];
    for (let hit = s.indexOf(needle); hit >= 0; hit = s.indexOf(needle, hit + needle.length))
      out.push({ start: hit, end: hit + needle.length });
    return out;
  }
  const f = fold(s);
  const out: { start: number; end: number }[] = [];
  for (let hit = f.text.indexOf(needle); hit >= 0; hit = f.text.indexOf(needle, hit + needle.length)) {
    const start = f.from[hit] ?? 0;
    const end = f.to[hit + needle.length - 1] ?? s.length;
    const last = out.at(-1);
    if (last && start < last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}
