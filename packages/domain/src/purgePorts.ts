import type { BlockFingerprint } from './model.ts';
import type { NewAuditEntry } from './ports.ts';

/** A document's content rebuilt without the purged text (see ContentPurger.purgeDocument). */
export interface PurgedContent {
  doc: unknown;
  text: string;
  blocks: BlockFingerprint[];
  /** A fresh Yjs state of the cleaned document: no item of the old state survives. */
  yjsState: Uint8Array;
  /** The Yjs client the fresh state was written by. */
  clientId: number;
}

/** The document work the domain cannot do itself (Yjs, ProseMirror), done by the editor package. */
export interface ContentPurger {
  /** The ProseMirror JSON of an encoded Yjs state (asynchronous, like the next two: off the loop). */
  materialize(yjsState: Uint8Array): Promise<{ doc: unknown }>;
  /** The content without `text`, or null when neither its JSON nor its Yjs bytes hold it. */
  purgeDocument(
    content: { doc: unknown; yjsState: Uint8Array },
    text: string,
    avoidClientIds: ReadonlySet<number>,
  ): Promise<PurgedContent | null>;
  /** The same document as a fresh Yjs state (a draft that does not hold the text still gets one). */
  rebuild(
    content: { doc: unknown; yjsState: Uint8Array },
    avoidClientIds: ReadonlySet<number>,
  ): Promise<PurgedContent>;
  /**
   * Whether Yjs updates hold `text` as decoded content, deleted content included (characters
   * typed one per update count), never as raw encoding bytes. Off the event loop.
   */
  updatesHold(updates: readonly Uint8Array[], text: string): Promise<boolean>;
  /** The Yjs client ids of a state: every writer of that document. */
  clientIdsOf(yjsState: Uint8Array): number[];
  /** Whether a plain string holds `text` or a look-alike of it (see purgeMatch.ts). */
  textHolds(value: string, text: string): boolean;
  /** Whether a JSON document's string values hold `text` (its syntax never counts). */
  jsonTextHolds(json: string, text: string): boolean;
  /** A plain string without `text`. */
  purgeString(value: string, text: string): string;
  /** A JSON document (as text) without `text` in any of its strings. */
  purgeJsonText(json: string, text: string): string;
}

/** The page's live draft as a purge sees it: out of service while the purge runs. */
export interface DraftForPurge {
  /** Its current state, every applied update stored. */
  yjsState: Uint8Array;
}

/** Takes a page's live document out of service for a rewrite (the collaboration registry). */
export interface DraftRewriter {
  /**
   * Stops applying client updates to the page, hands `rewrite` its stored draft, and once `rewrite`
   * resolves (the new state stored) closes every connected editor with the rewritten close code
   * so they resync to it. If `rewrite` throws, the document is reloaded from storage unchanged.
   */
  rewriteDraft<T>(pageId: string, rewrite: (draft: DraftForPurge) => Promise<T>): Promise<T>;
}

/** A revision's stored content, read one at a time (they can be megabytes each). */
export interface RevisionContent {
  id: string;
  doc: unknown;
  yjsState: Uint8Array;
}

/** One purge, written in a single transaction. */
export interface PagePurge {
  pageId: string;
  text: string;
  purgedAt: number;
  /** The page's new draft: one snapshot replacing the update log's bytes and earlier snapshots. */
  draft: Uint8Array;
  /** Client ids of the replaced documents, refused from now on (see DocumentStore.loadDocument). */
  replacedClientIds: number[];
  revisions: { id: string; content: PurgedContent }[];
  /**
   * Every revision id the purge examined: a revision of the page stored since (a submission that
   * snapshotted the draft just before the purge began) fails the transaction with 409.
   */
  examinedRevisionIds: string[];
  /** Scrubs the other text of the page (titles, messages, quotes, comments, digests, references). */
  purgeString(value: string): string;
  purgeJsonText(json: string): string;
  /**
   * The text as it shows in a slug (`slugify`), or null when it has no slug characters. A slug
   * (live, published, former) holding it as whole dash-separated words is replaced: the page is
   * re-slugged from its cleaned title, former slugs holding it stop resolving.
   */
  slugPart: string | null;
  /** The slug for a title (`slugify`). */
  slugFor(title: string): string;
  /** Which scrubbed values hold the text (look-alikes included; JSON by its string values). */
  holds: TextPredicates;
  /** The audit entry, given the counts the transaction found. */
  audit(counts: PurgeCounts): NewAuditEntry;
}

export interface PurgeCounts {
  /** Update-log rows whose bytes were dropped. */
  updatesRewritten: number;
  revisionsPurged: number;
  /** Other stored fields (titles, messages, comments, …) the text was scrubbed from. */
  fieldsScrubbed: number;
}

/** Whether a stored value holds the purged text, as plain text or as a JSON document's text. */
export interface TextPredicates {
  text(value: string): boolean;
  json(value: string): boolean;
}

/** What making the bytes leave the files did: `pending` when a reader blocked it (retried later). */
export interface DiskScrub {
  vacuumed: boolean;
  ms: number;
  pending: boolean;
}

/** The audit entry to write once a pending disk scrub has finished in the background. */
export type DiskScrubFollowUp = (done: { vacuumed: boolean; ms: number }) => NewAuditEntry;

export interface PurgeRepository {
  /** Ids of the page's revisions, oldest first. */
  revisionIds(pageId: string): Promise<string[]>;
  revisionContent(revisionId: string): Promise<RevisionContent | null>;
  /**
   * Whether any other stored text of the page (titles, messages, comments, …) holds `text`, as
   * decoded values (JSON columns parsed, never their raw syntax).
   */
  otherTextHolds(pageId: string, holds: TextPredicates): Promise<boolean>;
  /**
   * The page's stored Yjs bytes in replay order: the snapshots, then every update-log row still
   * holding bytes (text deleted from the draft lives on there; see ContentPurger.updatesHold).
   */
  logUpdates(pageId: string): Promise<Uint8Array[]>;
  /** Applies the purge in one transaction, freed space zeroed; returns what it rewrote. */
  purgePage(purge: PagePurge): Promise<PurgeCounts>;
  /**
   * Makes the purged bytes leave the database files (WAL checkpointed and truncated; the file
   * compacted when freed space from before still holds them). Returns what it did and took.
   */
  scrubDisk(text: string, later: DiskScrubFollowUp): Promise<DiskScrub>;
}
