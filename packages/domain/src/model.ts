import type { Role } from '@rounds/shared';

export type { Role };

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAt: number;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface Page {
  id: string;
  slug: string;
  title: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** One client update as it sits in the append-only document log. */
export interface StoredUpdate {
  seq: number;
  userId: string | null;
  update: Uint8Array;
  at: number;
}

export interface NewUpdate {
  userId: string | null;
  update: Uint8Array;
  at: number;
}

/** What the document store holds for one page: the compacted state plus the log after it. */
export interface StoredDocument {
  snapshot: Uint8Array | null;
  /** Highest update seq folded into `snapshot` (0 when none). */
  snapshotSeq: number;
  updates: StoredUpdate[];
}
