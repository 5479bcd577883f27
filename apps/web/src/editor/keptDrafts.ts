import type * as Y from 'yjs';

/**
 * Page documents of a session that ended while their editor was open, kept in this tab's memory
 * until the same person signs in again. IndexedDB alone is not enough: a "Sign out" pressed in
 * another tab deletes the offline cache as soon as this tab closes it, and unsent edits with it.
 * Keyed by `pageCacheName(userId, pageId)`, so only the same person's editor ever takes one back.
 */
const kept = new Map<string, Y.Doc>();

export function keepDraft(cacheName: string, doc: Y.Doc): void {
  const previous = kept.get(cacheName);
  if (previous && previous !== doc) previous.destroy();
  kept.set(cacheName, doc);
}

/** The kept document for this cache name, removed from the keep (the caller owns it now). */
export function takeKeptDraft(cacheName: string): Y.Doc | null {
  const doc = kept.get(cacheName) ?? null;
  kept.delete(cacheName);
  return doc;
}

/** Drop every kept document, e.g. on an explicit sign-out or when someone else signs in. */
export function dropKeptDrafts(): void {
  for (const doc of kept.values()) doc.destroy();
  kept.clear();
}
