import type {
  AuditEntry,
  BlockFingerprint,
  Collection,
  CommentThread,
  CslItem,
  EvidenceLevel,
  Reference,
  RevisionReference,
  CitingRevision,
  ThreadComment,
  NewUpdate,
  Page,
  Role,
  PasswordResetToken,
  Session,
  StoredDocument,
  User,
} from './model.ts';
import type { ImageRepository } from './imagePorts.ts';
import type { RevisionRepository } from './revisionPorts.ts';
import type { GuidelinesRepository, ReportRepository } from './professionalismPorts.ts';
import type { AuditHead } from './auditChain.ts';

export type * from './revisionPorts.ts';
export type * from './imagePorts.ts';
export type * from './professionalismPorts.ts';

/**
 * Storage ports. Every adapter (SQLite, PostgreSQL) implements these with the same contract tests.
 * Methods are async so a networked backend fits; the SQLite adapter resolves synchronously.
 */
import type { PurgeRepository } from './purgePorts.ts';

export interface UserRepository {
  countUsers(): Promise<number>;
  /** Inserts the user unless one with this email exists; returns whether it was inserted. */
  insertUser(user: User): Promise<boolean>;
  findUserByEmail(email: string): Promise<User | null>;
  findUserById(id: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  /**
   * In one transaction: applies the patch and, when it disables the user or changes their role,
   * deletes their unused reset links (a link issued before must not outlive that change).
   */
  updateUser(id: string, patch: Partial<Pick<User, 'name' | 'role' | 'disabled'>>): Promise<User | null>;
}

/** What a sign-in verified: a session is only started while the user still has exactly this. */
export interface SessionCredential {
  passwordHash: string;
  role: Role;
}

export type StartedSession = { inserted: true; evicted: string[] } | { inserted: false };

export interface SessionRepository {
  insertSession(session: Session): Promise<void>;
  /**
   * Starts the session of a sign-in verified against `credential`, in one transaction: inserted
   * only if the user still has that password hash and role and is not disabled (checked in the
   * insert itself, so a password change, reset, disabling or role change that committed after the
   * verification wins); then the user's sessions past the newest `keepNewest` are deleted and
   * returned as `evicted`.
   */
  insertSessionIfCurrent(
    session: Session,
    credential: SessionCredential,
    keepNewest: number,
  ): Promise<StartedSession>;
  findSession(id: string): Promise<Session | null>;
  touchSession(id: string, lastSeenAt: number): Promise<void>;
  deleteSession(id: string): Promise<void>;
  /** Deletes every session of the user, except `exceptId` when given. */
  deleteSessionsOfUser(userId: string, exceptId?: string): Promise<void>;
  /** Deletes sessions last seen before `idleBefore` or created before `createdBefore`; returns them. */
  deleteExpiredSessions(idleBefore: number, createdBefore: number): Promise<{ id: string; userId: string }[]>;
}

/** Passwords and one-time reset links (only a hash of each link's secret is stored). */
export interface AccountRepository {
  /**
   * In one transaction, only if the user's hash is still `previousHash`, the user is not disabled
   * and (when given) the session `keepSessionId` still exists: sets the password hash, deletes
   * their sessions (all of them or all but `keepSessionId`) and their unused reset links. Returns
   * whether it did (false: a change, reset or disabling won the race; nothing was written).
   */
  setPassword(
    userId: string,
    passwordHash: string,
    keepSessionId: string | null,
    previousHash: string,
  ): Promise<boolean>;
  /** Stores a reset token for its user; every unused one issued to that user before stops working. */
  putResetToken(token: PasswordResetToken): Promise<void>;
  findResetToken(tokenHash: string): Promise<PasswordResetToken | null>;
  /**
   * In one transaction: if the token exists, is unused and unexpired at `now` and its user is not
   * disabled, marks it used, sets the password hash and deletes every session and every other
   * unused reset link of the user.
   * Otherwise changes nothing and says why.
   */
  completeReset(tokenHash: string, now: number, passwordHash: string): Promise<ResetOutcome>;
}

export type ResetOutcome =
  { status: 'reset'; userId: string } | { status: 'unknown' | 'used' | 'expired' | 'disabled' };

export interface PageRepository {
  insertPage(page: Page): Promise<void>;
  findPage(id: string): Promise<Page | null>;
  listPages(): Promise<Page[]>;
  /**
   * The page whose current slug is `slug`, else the page that had it before a rename (its
   * alias: kept until another page takes the slug as its live one, at most the most recent 20).
   */
  findPageBySlug(slug: string): Promise<Page | null>;
  /**
   * What readers may follow: the page whose published slug is `slug`, else the page that had it
   * as a former slug which was its published slug at the time (a slug that was only ever a draft
   * slug names nothing here).
   */
  findPageByPublishedSlug(slug: string): Promise<Page | null>;
  /**
   * Whether `slug` is taken by a page other than `exceptPageId`: its live slug, its published slug,
   * or a former slug that was once its published slug (learners may still follow those). Draft-only
   * former slugs (aliases) do not count: a new or renamed page may take one, which drops the alias.
   */
  slugExists(slug: string, exceptPageId?: string): Promise<boolean>;
  touchPage(id: string, updatedAt: number): Promise<void>;
  setCollection(id: string, collectionId: string | null): Promise<void>;
  /**
   * In one transaction: sets the title and slug, keeps the old slug as an alias of the page,
   * marked published if it was the published slug (published ones are never trimmed; the most
   * recent 20 draft-only ones are kept), and drops `slug` from the history when it is this page's
   * own alias (renaming back) or another page's draft-only alias. Returns the updated page, or
   * `slug_taken` (nothing changed) when another page holds `slug` as its live slug, its published
   * slug or a former published slug.
   */
  renamePage(id: string, title: string, slug: string, at: number): Promise<Page | null | 'slug_taken'>;
  /**
   * Compare-and-set: archives (`archivedAt` a time) a live page or restores (`null`) an archived one.
   * Returns false when the page is missing or already in that state.
   */
  setArchived(id: string, archivedAt: number | null): Promise<boolean>;
}

/** An audit entry as a use case states it; the log gives it its seq and chains its hash. */
export interface NewAuditEntry {
  at: number;
  actor: string | null;
  action: string;
  target: string;
  data: Record<string, unknown>;
}

export interface CollectionRepository {
  insertCollection(collection: Collection): Promise<void>;
  findCollection(id: string): Promise<Collection | null>;
  listCollections(): Promise<Collection[]>;
  updateCollection(
    id: string,
    patch: Partial<Omit<Collection, 'id' | 'createdAt'>>,
  ): Promise<Collection | null>;
}

export interface ThreadRepository {
  insertThread(thread: CommentThread): Promise<void>;
  findThread(id: string): Promise<CommentThread | null>;
  listThreads(pageId: string): Promise<CommentThread[]>;
  insertComment(comment: ThreadComment): Promise<void>;
  setThreadStatus(
    id: string,
    status: 'open' | 'resolved',
    by: string | null,
    at: number | null,
  ): Promise<void>;
}

export interface ReferenceRepository {
  listReferences(pageId: string): Promise<Reference[]>;
  /** Inserts all or none, with the audit entry recording it (in the same transaction). */
  insertReferences(references: Reference[], audit?: NewAuditEntry): Promise<void>;
  /** Deletes the reference and appends `audit` in one transaction; nothing when it is not there. */
  deleteReference(pageId: string, id: string, audit?: NewAuditEntry): Promise<boolean>;
  /** Sets the level and appends `audit` in one transaction; nothing when the reference is not there. */
  setEvidenceLevel(
    pageId: string,
    id: string,
    level: EvidenceLevel | null,
    audit?: NewAuditEntry,
  ): Promise<boolean>;
  /** Stores the references a revision cites, as copies (later library edits never reach them). */
  insertRevisionReferences(references: RevisionReference[]): Promise<void>;
  /** The references a revision was submitted with, by position. */
  listRevisionReferences(revisionId: string): Promise<RevisionReference[]>;
  /** Revisions of the page whose snapshot holds this reference, by seq. */
  listRevisionsCiting(pageId: string, refId: string): Promise<CitingRevision[]>;
}

/**
 * Reads and formats bibliographic data (a citation library lives behind this). Both are CPU-bound
 * on untrusted text, hence asynchronous: an adapter runs them off the event loop, under a budget.
 */
export interface ReferenceFormatter {
  /** Vancouver (ICMJE/NLM) text of each item, in order, without leading numbers. */
  formatVancouver(items: readonly CslItem[]): Promise<string[]>;
  /**
   * Parses BibTeX, RIS or PubMed MEDLINE text into CSL items within the reference limits; `errors`
   * names each entry that could not be read or breaks a limit (callers import nothing when there
   * are any). Reads at most `maxEntries` entries. Rejects with `too_large` when the text cannot be
   * read within the adapter's time budget.
   */
  parse(text: string, maxEntries: number): Promise<{ items: CslItem[]; errors: string[] }>;
}

/** Optional online lookup of a DOI or PMID (pluggable; off by default). */
export interface ReferenceResolver {
  resolve(identifier: string): Promise<CslItem>;
}

/** Append-only audit log; each entry's hash covers the previous entry's hash. */
/** A text filter: the whole value, or every value starting with `prefix`. */
export type AuditMatch = { exact: string } | { prefix: string };

/** What the admin's audit screen asks for; every field narrows, all together. */
export interface AuditQuery {
  action?: AuditMatch;
  actor?: string;
  target?: AuditMatch;
  /** Inclusive bounds on `at` (epoch ms). */
  from?: number;
  to?: number;
  /** Exclusive bounds on `seq` (paging). */
  afterSeq?: number;
  beforeSeq?: number;
  order: 'asc' | 'desc';
  limit: number;
}

/** An entry with its actor's display name (null: system, or a user that no longer exists). */
export type AuditListing = AuditEntry & { actorName: string | null };

export interface AuditSearchResult {
  entries: AuditListing[];
  /**
   * Where the next page starts: pass it as `beforeSeq` (newest first) or `afterSeq` (oldest
   * first); null when nothing further can match. A page may hold fewer entries than asked and
   * still have a next one (a search walks a bounded stretch of the log per call).
   */
  next: number | null;
}

export interface AuditLog {
  /** Appends in one transaction; the hash comes from the domain (`chainAuditEntry`). */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  list(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** Filtered entries with their actors' names, in one query. */
  search(query: AuditQuery): Promise<AuditSearchResult>;
  /** The head written with the last append (outside the entries): how a cut tail is noticed. */
  head(): Promise<AuditHead | null>;
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
  /**
   * Where a load can recover from when the latest snapshot does not load: the snapshot before it
   * with the log since (null when there is none), or the log alone (what of it still has bytes).
   */
  loadRecovery(pageId: string, from: 'previousSnapshot' | 'log'): Promise<StoredDocument | null>;
  /**
   * Drops the bytes of updates that both the snapshot and the one before it cover (so a snapshot
   * that does not load can still be rebuilt) and coalesces their attribution rows: one row per run
   * of one user's updates on one day, never across a revision's boundary, with count and size.
   * Off the hot path; returns how many updates it folded.
   */
  pruneFoldedUpdates(pageId: string): Promise<number>;
  /** Number of updates whose bytes are not folded into the snapshot yet. */
  countPendingUpdates(pageId: string): Promise<number>;
  /** Distinct users with updates after `afterSeq`, up to `upToSeq`, in order of first contribution. */
  contributorsBetween(pageId: string, afterSeq: number, upToSeq: number): Promise<string[]>;
}

/** One-time tokens (first-admin setup link). */
export interface SetupTokenRepository {
  /** Stores the token as the only valid one: every setup token issued before it stops working. */
  putSetupToken(tokenHash: string, expiresAt: number): Promise<void>;
  /** Deletes the token and returns true only if it existed and had not expired. */
  consumeSetupToken(tokenHash: string, now: number): Promise<boolean>;
  /**
   * In one transaction: consumes the token and inserts `admin` as the first user. Nothing changes
   * unless the token is valid and there are no users yet, so two racing requests make one admin.
   */
  completeSetup(tokenHash: string, now: number, admin: User): Promise<SetupOutcome>;
}

export type SetupOutcome = 'created' | 'invalid_token' | 'already_set_up';

export interface Storage {
  users: UserRepository;
  sessions: SessionRepository;
  accounts: AccountRepository;
  pages: PageRepository;
  documents: DocumentStore;
  setupTokens: SetupTokenRepository;
  revisions: RevisionRepository;
  collections: CollectionRepository;
  audit: AuditLog;
  threads: ThreadRepository;
  references: ReferenceRepository;
  images: ImageRepository;
  guidelines: GuidelinesRepository;
  reports: ReportRepository;
  purges: PurgeRepository;
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

/** The live draft rendered with the shared editor schema. */
export interface MaterializedDraft {
  /** ProseMirror JSON of the whole document. */
  doc: unknown;
  text: string;
  blocks: BlockFingerprint[];
  /** Hash of the whole document's content (block ids excluded). */
  contentHash: string;
  /** Citations in document order: the reference ids each cites and the block it sits in. */
  citations: { blockId: string; refIds: string[]; excerpt: string }[];
  /** Clinical claims (doses, rates, thresholds, recommendations) in blocks that cite nothing. */
  uncitedClaims: { blockId: string; sentence: string }[];
}

/** A durable snapshot of the live draft: what a revision is made of. */
export interface DraftSnapshot extends MaterializedDraft {
  yjsState: Uint8Array;
  /** Highest update-log seq the snapshot covers. */
  upToUpdateSeq: number;
}

/** Reads and writes the live draft of a page (in memory when loaded, else from storage). */
export interface DraftReader {
  readDraft(pageId: string): Promise<MaterializedDraft>;
  snapshotDraft(pageId: string): Promise<DraftSnapshot>;
  /**
   * Replaces the draft's content with a stored revision's state (read by `loadState` once the
   * draft side knows the page's rewrite generation), attributed to `userId`. A purge of the page
   * that starts or ends in between refuses it with 409.
   */
  restoreDraft(pageId: string, loadState: () => Promise<Uint8Array>, userId: string): Promise<void>;
}

export type { Role };
