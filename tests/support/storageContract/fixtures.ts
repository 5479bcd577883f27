import type { Revision, Storage } from '@rounds/domain';

/** Opens a fresh, empty store of the adapter under test. */
export type OpenStorage = () => Promise<Storage>;

/** Rows to fill a store with. */
export const user = (id: string, email: string) => ({
  id,
  email,
  name: 'N',
  role: 'student' as const,
  passwordHash: 'h',
  disabled: false,
  createdAt: 1,
});
export const page = (id: string, createdBy: string) => ({
  id,
  slug: id,
  title: 'T',
  createdBy,
  createdAt: 1,
  updatedAt: 1,
  collectionId: null,
  publishedRevisionId: null,
  publishedAt: null,
  archivedAt: null,
  publishedTitle: null,
  publishedSlug: null,
});
export const bytes = (...n: number[]) => new Uint8Array(n);

/** A revision of page p1 by u1; tests override what they are about. */
export const revision = (id: string, overrides: Partial<Omit<Revision, 'id' | 'seq'>> = {}) => ({
  id,
  pageId: 'p1',
  createdAt: 1,
  createdBy: 'u1',
  message: '',
  title: 'T',
  contentHash: `hash-${id}`,
  doc: {},
  text: 't',
  blocks: [],
  authors: ['u1'],
  state: 'pending' as Revision['state'],
  yjsState: bytes(1),
  upToUpdateSeq: 0,
  ...overrides,
});
