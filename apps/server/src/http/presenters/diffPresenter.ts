import { createHash } from 'node:crypto';
import type { ShownReference } from '@rounds/domain';
import { citedOrder, diffDocuments, type DocumentDiff, type ReferenceEntry } from '@rounds/editor';
import type { JSONContent } from '@tiptap/core';

/** One side of a diff: its document, the references it shows, and the revision it is (null: the draft). */
export interface DiffSide {
  doc: JSONContent;
  references: ShownReference[];
  revisionId?: string | null;
}

/** `GET /api/pages/:id/diff`: the block changes of the contract plus the rich fields (see docs/decisions.md). */
export interface DiffView extends DocumentDiff {
  from: string;
  to: string;
}

const entries = (refs: ShownReference[]): ReferenceEntry[] =>
  refs.map((r) => ({ id: r.id, formatted: r.formatted, evidenceLevel: r.evidenceLevel }));

/** The ids a document cites: all the references a side needs formatted. */
export const citedIds = (doc: unknown): Set<string> => new Set(citedOrder(doc as JSONContent));

/** The rich diff between two versions (`before` null: nothing published yet, everything is new). */
export function presentDiff(from: string, to: string, before: DiffSide | null, after: DiffSide): DiffView {
  const diff = diffDocuments(before?.doc ?? null, after.doc, {
    fromReferences: before ? entries(before.references) : [],
    toReferences: entries(after.references),
  });
  return { from, to, ...diff };
}

/**
 * Recently computed diffs as their JSON, so a review queue shown to many reviewers (each card asks
 * for published → pending) computes each diff once. Least recently used first out; bounded in
 * entries and characters. Keys name what a side says: a revision by its id (its content never
 * changes), the draft by a hash of its document; each with a hash of the references it shows.
 */
export class DiffCache {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  constructor(
    private readonly maxEntries = 64,
    private readonly maxChars = 32_000_000,
  ) {}

  get(key: string): string | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, json: string): void {
    if (json.length > this.maxChars) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.chars -= old.length;
    }
    this.entries.set(key, json);
    this.chars += json.length;
    for (const [k, v] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.entries.delete(k);
      this.chars -= v.length;
    }
  }
}

const sha = (text: string): string => createHash('sha256').update(text).digest('base64url');

/** What a side of a diff is, for the cache: its revision, or a hash of the draft it shows. */
function sideKey(side: DiffSide | null): string {
  if (!side) return 'none';
  const refs = sha(JSON.stringify(entries(side.references)));
  if (side.revisionId) return `rev:${side.revisionId}:${refs}`;
  return `draft:${sha(JSON.stringify(side.doc))}:${refs}`;
}

const shared = new DiffCache();

/** The diff as JSON, from the cache when the same two versions were compared recently. */
export function presentDiffJson(
  from: string,
  to: string,
  before: DiffSide | null,
  after: DiffSide,
  cache: DiffCache = shared,
): string {
  const key = JSON.stringify([from, to, sideKey(before), sideKey(after)]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const json = JSON.stringify(presentDiff(from, to, before, after));
  cache.set(key, json);
  return json;
}
