import type { PageEvent, ShownReference } from '@rounds/domain';
import type { TitleChange } from '@rounds/shared';
import { citedOrder, diffDocumentsYielding, type DocumentDiff, type ReferenceEntry } from '@rounds/editor';
import type { JSONContent } from '@tiptap/core';

/** One side of a diff: its document, the references it shows, and the revision it is (null: the draft). */
export interface DiffSide {
  /** The draft title, or the revision's as snapshotted at submission. */
  title: string;
  doc: JSONContent;
  references: ShownReference[];
  revisionId?: string | null;
}

/** `GET /api/pages/:id/diff`: the block changes of the contract plus the rich fields (see docs/decisions.md). */
export interface DiffView extends DocumentDiff {
  from: string;
  to: string;
  /** The title on each side (`before` null when nothing is published): a rename is reviewed too. */
  title: TitleChange;
}

const entries = (refs: ShownReference[]): ReferenceEntry[] =>
  refs.map((r) => ({ id: r.id, formatted: r.formatted, evidenceLevel: r.evidenceLevel }));

/** The ids a document cites: all the references a side needs formatted. */
export const citedIds = (doc: unknown): Set<string> => new Set(citedOrder(doc as JSONContent));

/**
 * Recently computed diffs as their JSON, so a review queue shown to many reviewers (each card asks
 * for published → pending) computes each diff once. Least recently used first out; bounded in
 * entries and characters.
 */
export class DiffCache {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  constructor(
    private readonly maxEntries = 64,
    private readonly maxChars = 32_000_000,
  ) {}

  /** Drops every diff of a page (its content was rewritten by a purge). */
  forgetPage(pageId: string): void {
    const prefix = JSON.stringify([pageId]).slice(0, -1) + ',';
    for (const [key, json] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      this.entries.delete(key);
      this.chars -= json.length;
    }
  }

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

/**
 * The cache key of a diff between two revisions of a page (`fromRevisionId` null: nothing
 * published yet), or null when a side is the live draft, which is not cached (hashing a whole
 * draft would cost a pass over it on every request, and the queue compares revisions). A revision
 * is immutable, and so is the snapshot of references it shows (revision_references rows are only
 * ever inserted, at submission): its id identifies both. It can be computed before either side is
 * read, so a hit reads nothing heavy. `from` and `to` are part of it because the JSON echoes them.
 */
export function diffCacheKey(
  pageId: string,
  from: string,
  to: string,
  fromRevisionId: string | null,
  toRevisionId: string | null | undefined,
): string | null {
  if (!toRevisionId) return null;
  return JSON.stringify([pageId, from, to, fromRevisionId ?? 'none', toRevisionId]);
}

const shared = new DiffCache();

/** For the domain's PageEvents: a purged page's diffs held its old content. */
export function forgetPurgedDiffs(event: PageEvent): void {
  if (event.kind === 'purged') shared.forgetPage(event.pageId);
}

/** A diff computed recently under `key` (see diffCacheKey), as its JSON. */
export function cachedDiffJson(key: string | null, cache: DiffCache = shared): string | undefined {
  return key === null ? undefined : cache.get(key);
}

/**
 * The diff as JSON: from the cache when the same two revisions were compared recently, otherwise
 * computed in slices (`diffDocumentsYielding`) so the event loop keeps serving other requests.
 */
export async function presentDiffJson(
  pageId: string,
  from: string,
  to: string,
  before: DiffSide | null,
  after: DiffSide,
  cache: DiffCache = shared,
): Promise<string> {
  const key =
    before && !before.revisionId
      ? null
      : diffCacheKey(pageId, from, to, before?.revisionId ?? null, after.revisionId);
  const hit = cachedDiffJson(key, cache);
  if (hit !== undefined) return hit;
  const diff = await diffDocumentsYielding(before?.doc ?? null, after.doc, {
    fromReferences: before ? entries(before.references) : [],
    toReferences: entries(after.references),
  });
  const title = { before: before?.title ?? null, after: after.title };
  const json = JSON.stringify({ from, to, ...diff, title } satisfies DiffView);
  if (key) cache.set(key, json);
  return json;
}
