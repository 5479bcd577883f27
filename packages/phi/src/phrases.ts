import { ALNUM, PUNCT, type Token, WORD } from './tokenize.ts';

/** Punctuation allowed inside a phrase ("S/N", "driver's", "d.o.b.", "e-mail"). */
const GLUE = new Set(["'", '’', '.', '-', '/']);

export interface Phrase<T> {
  words: string[];
  /** Acronyms that are ordinary words in lower case ("SIN", "DL") must be written in capitals. */
  upper: boolean;
  value: T;
}

/** Multi-word keyword lookup by first word; matches skip glue punctuation between words. */
export class PhraseTable<T> {
  private readonly byFirst = new Map<string, Phrase<T>[]>();

  constructor(entries: [string, T][]) {
    for (const [spec, value] of entries) {
      const upper = spec.startsWith('^');
      const words = (upper ? spec.slice(1) : spec)
        .toLowerCase()
        .split(/[\s'./-]+/)
        .filter(Boolean);
      const first = words[0];
      if (!first) continue;
      const list = this.byFirst.get(first) ?? [];
      list.push({ words, upper, value });
      // Longest first, so "medical record number" wins over "medical record".
      list.sort((a, b) => b.words.length - a.words.length);
      this.byFirst.set(first, list);
    }
  }

  /** The longest phrase starting at token i: its value and last token index, or null. */
  match(tokens: Token[], i: number): { value: T; last: number } | null {
    const t = tokens[i];
    if (!t || (t.type !== WORD && t.type !== ALNUM)) return null;
    const list = this.byFirst.get(t.lower);
    if (!list) return null;
    for (const phrase of list) {
      const last = matchWords(tokens, i, phrase);
      if (last >= 0) return { value: phrase.value, last };
    }
    return null;
  }
}

function matchWords<T>(tokens: Token[], i: number, phrase: Phrase<T>): number {
  let k = i;
  for (let w = 0; w < phrase.words.length; w++) {
    const t = tokens[k];
    if (!t || t.lower !== phrase.words[w]) return -1;
    if (phrase.upper && t.text !== t.text.toUpperCase()) return -1;
    if (w === phrase.words.length - 1) return k;
    k++;
    // At most one glue character between words, e.g. "S/N", "driver's".
    const g = tokens[k];
    if (g && g.type === PUNCT && GLUE.has(g.text)) k++;
  }
  return -1;
}
