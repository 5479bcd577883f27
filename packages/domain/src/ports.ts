import type { NewUpdate, Page, Role, Session, StoredDocument, User } from './model.ts';

/**
 * Storage ports. Every adapter (SQLite, PostgreSQL) implements these with the same contract tests.
 * Methods are async so a networked backend fits; the SQLite adapter resolves synchronously.
 */
export interface UserRepository {
  countUsers(): Promise<number>;
  /** Inserts the user unless one with this email exists; returns whether it was inserted. */
  insertUser(user: User): Promise<boolean>;
  findUserByEmail(email: string): Promise<User | null>;
  findUserById(id: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  updateUser(id: string, patch: Partial<Pick<User, 'name' | 'role' | 'disabled'>>): Promise<User | null>;
}

export interface SessionRepository {
  insertSession(session: Session): Promise<void>;
  findSession(id: string): Promise<Session | null>;
  touchSession(id: string, lastSeenAt: number): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteSessionsOfUser(userId: string): Promise<void>;
  deleteExpiredSessions(idleBefore: number, createdBefore: number): Promise<number>;
}

export interface PageRepository {
  insertPage(page: Page): Promise<void>;
  findPage(id: string): Promise<Page | null>;
  listPages(): Promise<Page[]>;
  slugExists(slug: string): Promise<boolean>;
  touchPage(id: string, updatedAt: number): Promise<void>;
}

export interface DocumentStore {
  loadDocument(pageId: string): Promise<StoredDocument>;
  /** Appends updates durably, in order, in one transaction; returns their seqs. */
  appendUpdates(pageId: string, updates: NewUpdate[]): Promise<number[]>;
  /**
   * Stores `state` as the page's snapshot covering every update with seq <= upToSeq (ignored if an
   * existing snapshot covers more). Loads then read only the updates after it.
   */
  replaceSnapshot(pageId: string, state: Uint8Array, upToSeq: number): Promise<void>;
  /** Drops the bytes of updates the snapshot covers (their attribution rows stay); off the hot path. */
  pruneFoldedUpdates(pageId: string): Promise<number>;
  /** Number of updates whose bytes are not folded into the snapshot yet. */
  countPendingUpdates(pageId: string): Promise<number>;
}

/** One-time tokens (first-admin setup link). */
export interface SetupTokenRepository {
  putSetupToken(tokenHash: string, expiresAt: number): Promise<void>;
  /** Deletes the token and returns true only if it existed and had not expired. */
  consumeSetupToken(tokenHash: string, now: number): Promise<boolean>;
}

export interface Storage {
  users: UserRepository;
  sessions: SessionRepository;
  pages: PageRepository;
  documents: DocumentStore;
  setupTokens: SetupTokenRepository;
  close(): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface Clock {
  now(): number;
}

export interface IdGenerator {
  /** A new opaque id (UUID). */
  id(): string;
  /** A secret token with at least 128 bits from a CSPRNG, URL-safe. */
  secret(): string;
  /** One-way hash for storing secrets (sessions, setup tokens) at rest. */
  hashSecret(secret: string): string;
}

/** A block of a materialized draft: stable id, node type and its plain text. */
export interface DraftBlock {
  id: string;
  type: string;
  text: string;
}

/** The live draft rendered with the shared editor schema. */
export interface MaterializedDraft {
  /** ProseMirror JSON of the whole document. */
  doc: unknown;
  text: string;
  blocks: DraftBlock[];
}

/** Reads the live draft of a page (from memory when loaded, else from storage). */
export interface DraftReader {
  readDraft(pageId: string): Promise<MaterializedDraft>;
}

export type { Role };
