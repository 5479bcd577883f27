export const PAGE_CACHE_PREFIX = 'rounds-page-';

/**
 * Name of the IndexedDB database caching a page's draft for offline editing. It carries the
 * user's id: on a shared browser one person's cached draft never opens in another person's editor,
 * even if clearing it (on sign-out or a 401) did not happen.
 */
export function pageCacheName(userId: string, pageId: string): string {
  return `${PAGE_CACHE_PREFIX}${userId}/${pageId}`;
}
