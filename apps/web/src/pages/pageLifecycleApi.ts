import type { PageView } from '@rounds/shared';
import { api } from '../api.ts';

const page = (id: string) => `/api/pages/${encodeURIComponent(id)}`;

/** Renames the page; the slug follows the title and the old slug keeps resolving. */
export function renamePage(
  pageId: string,
  title: string,
): Promise<{ id: string; slug: string; title: string }> {
  return api(page(pageId), { method: 'PATCH', body: { title } });
}

export function archivePage(pageId: string): Promise<PageView> {
  return api(`${page(pageId)}/archive`, { method: 'POST' });
}

export function unarchivePage(pageId: string): Promise<PageView> {
  return api(`${page(pageId)}/unarchive`, { method: 'POST' });
}

/** Admins only; `null` takes the page out of any collection. */
export function movePageToCollection(
  pageId: string,
  collectionId: string | null,
): Promise<{ id: string; collectionId: string | null }> {
  return api(`${page(pageId)}/collection`, { method: 'PUT', body: { collectionId } });
}
