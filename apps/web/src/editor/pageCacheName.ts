export const PAGE_CACHE_PREFIX = 'rounds-page-';

/** Name of the IndexedDB database caching a page's draft for offline editing. */
export function pageCacheName(pageId: string): string {
  return `${PAGE_CACHE_PREFIX}${pageId}`;
}
