import { PAGE_CACHE_PREFIX } from './pageCacheName.ts';

/**
 * Delete every page draft cached in IndexedDB for offline editing, of every user. Called when
 * someone presses "Sign out", so that draft content (possibly unpublished clinical text) does not
 * stay on a shared computer. A session that ends otherwise (expiry, another tab, an admin) keeps
 * the cache so unsent edits survive until the same person signs in again; cache names carry the
 * user id, so nobody else's editor opens it. A database still open in an editor is deleted as soon
 * as that editor closes it.
 */
export async function clearLocalDrafts(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  try {
    const databases = await indexedDB.databases();
    await Promise.all(
      databases
        .map((db) => db.name)
        .filter((name): name is string => typeof name === 'string' && name.startsWith(PAGE_CACHE_PREFIX))
        .map(deleteDatabase),
    );
  } catch {
    // Clearing is best effort: a browser without IndexedDB has nothing cached anyway.
  }
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}
