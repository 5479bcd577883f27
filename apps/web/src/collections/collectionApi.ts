import { api } from '../api.ts';

/** A collection as admins and editors see it (`GET /api/collections`). */
export interface CollectionView {
  id: string;
  name: string;
  description: string;
  pageCount: number;
  requiredApprovals: number;
  reviewValidDays: number;
  reviewerIds: string[];
}

export type CollectionFields = Pick<
  CollectionView,
  'name' | 'description' | 'requiredApprovals' | 'reviewValidDays' | 'reviewerIds'
>;

export async function listCollections(signal?: AbortSignal): Promise<CollectionView[]> {
  return (await api<{ collections: CollectionView[] }>('/api/collections', { signal })).collections;
}

export function createCollection(fields: CollectionFields): Promise<CollectionView> {
  return api('/api/collections', { method: 'POST', body: fields });
}

export function updateCollection(id: string, fields: Partial<CollectionFields>): Promise<CollectionView> {
  return api(`/api/collections/${encodeURIComponent(id)}`, { method: 'PATCH', body: fields });
}
