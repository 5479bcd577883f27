import type { PhiKind } from './kinds.ts';
import { maskIdentifier, maskName, withLabel } from './mask.ts';
import { type Token, tokenize } from './tokenize.ts';

/** A finding before overlaps are resolved; labelled identifiers outrank formats, formats names. */
export interface Candidate {
  kind: PhiKind;
  start: number;
  end: number;
  excerpt: string;
  priority: number;
}

/** Emails and URLs contain digits and words other rules would take apart. */
export const WEB = 4;
export const LABELLED = 3;
export const FORMAT = 2;
export const CONTEXT = 1;

/** The text, its tokens and the candidates the rules add; rules read tokens in small windows. */
export class Scan {
  readonly tokens: Token[];
  readonly candidates: Candidate[] = [];

  constructor(readonly text: string) {
    this.tokens = tokenize(text);
  }

  at(i: number): Token | undefined {
    return this.tokens[i];
  }

  /** Text of tokens first..last (inclusive), as written. */
  slice(first: number, last: number): string {
    const a = this.tokens[first];
    const b = this.tokens[last];
    return a && b ? this.text.slice(a.start, b.end) : '';
  }

  /** Adds tokens first..last as an identifier of `kind`, its label shown unmasked. */
  add(kind: PhiKind, first: number, last: number, label: string, priority: number): void {
    const a = this.tokens[first];
    const b = this.tokens[last];
    if (!a || !b) return;
    const raw = this.text.slice(a.start, b.end);
    const masked = kind === 'person_name' ? maskName(raw) : maskIdentifier(raw);
    this.candidates.push({ kind, start: a.start, end: b.end, excerpt: withLabel(label, masked), priority });
  }

  /** Adds a character range (emails, URLs: found by character scans, not tokens). */
  addRange(kind: PhiKind, start: number, end: number, priority: number): void {
    this.candidates.push({
      kind,
      start,
      end,
      excerpt: maskIdentifier(this.text.slice(start, end)),
      priority,
    });
  }
}
