import { policy, type Collection, type Page, type Role } from '@rounds/domain';

/** A collection as an editor or admin sees it: review policy, reviewers and every page counted. */
export interface CollectionView extends Omit<Collection, 'createdAt' | 'description'> {
  description: string;
  createdAt: string;
  pageCount: number;
}

/** A collection as a learner sees it: what browsing published pages needs, nothing about review. */
export interface ReaderCollectionView {
  id: string;
  name: string;
  description: string;
  pageCount: number;
}

export function presentCollection(c: Collection, pageCount: number): CollectionView {
  return {
    ...c,
    description: c.description ?? '',
    createdAt: new Date(c.createdAt).toISOString(),
    pageCount,
  };
}

/**
 * The collections list for `role`, counted from one page listing (archived pages never count). Learners see only collections
 * that hold published pages, with published pages counted, and never who reviews them.
 */
export function presentCollections(
  role: Role,
  collections: Collection[],
  pages: Page[],
): (CollectionView | ReaderCollectionView)[] {
  const reader = !policy.canReadDraft(role);
  const counts = new Map<string, number>();
  for (const p of pages) {
    // Archived pages leave the counts for everyone.
    if (p.collectionId === null || p.archivedAt !== null) continue;
    if (reader && p.publishedRevisionId === null) continue;
    counts.set(p.collectionId, (counts.get(p.collectionId) ?? 0) + 1);
  }
  if (!reader) return collections.map((c) => presentCollection(c, counts.get(c.id) ?? 0));
  return collections
    .filter((c) => (counts.get(c.id) ?? 0) > 0)
    .map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description ?? '',
      pageCount: counts.get(c.id) ?? 0,
    }));
}
