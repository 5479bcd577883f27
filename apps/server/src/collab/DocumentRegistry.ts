import { DomainError, type DocumentStore } from '@rounds/domain';
import { CollabCloseCode } from '@rounds/shared';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { CollabDocument } from './CollabDocument.ts';
import { compactDocument } from './compactDocument.ts';
import { AwarenessReservations } from './AwarenessReservations.ts';
import { LogThrottle } from './LogThrottle.ts';
import type { Peer } from './Peer.ts';
import { DerivedValues, readStored } from './DerivedValues.ts';
import { snapshotLoads } from './replayStored.ts';

export interface RegistryOptions {
  maxDocumentBytes: number;
  maxDocumentStructs: number;
  idleUnloadMs: number;
  compactEvery: number;
}

/**
 * Loaded documents by page: loads each once (concurrent callers share the load), keeps it while
 * anyone holds a reference, unloads it after it has been idle, and compacts logs in the background.
 */
const rewrittenMeanwhile = (): DomainError =>
  new DomainError('conflict', 'An admin purged text from this page meanwhile; try again');

export class DocumentRegistry {
  private readonly docs = new Map<string, Promise<CollabDocument>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly storedSinceCompaction = new Map<string, number>();
  private readonly compacting = new Set<string>();
  /** Per-page compaction thresholds, jittered so pages edited in step do not compact in step. */
  private readonly thresholds = new Map<string, number>();
  /** Compactions run one at a time, each on its own event-loop turn. */
  private compactionChain: Promise<void> = Promise.resolve();
  private readonly background = new Set<Promise<unknown>>();
  /** Documents being dropped after a failed apply; a new load of the page waits for this. */
  private readonly retiring = new Map<string, Promise<void>>();
  private readonly logThrottle = new LogThrottle();
  private readonly awarenessReservations = new AwarenessReservations();
  /** Values derived from a loaded document (see readDerived), dropped with the document. */
  private readonly derived = new DerivedValues();
  /** Per-page rewrite generations (see `generation`). */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly store: DocumentStore,
    private readonly options: RegistryOptions,
    private readonly logger: Logger,
    private readonly onEdited: (pageId: string) => void,
  ) {}

  private readonly failureListeners: ((pageId: string, culprit: Peer | null) => void)[] = [];

  /** Called when someone's bytes failed to apply to a page (see CollabDocumentHooks.onFailed). */
  onApplyFailed(listener: (pageId: string, culprit: Peer | null) => void): void {
    this.failureListeners.push(listener);
  }

  /** A loaded document with one reference taken; pair with `release`. Rejects if loading fails. */
  async acquire(pageId: string): Promise<CollabDocument> {
    for (;;) {
      let loading = this.docs.get(pageId);
      if (!loading) {
        loading = this.load(pageId);
        this.docs.set(pageId, loading);
        loading.catch(() => {
          if (this.docs.get(pageId) === loading) this.docs.delete(pageId);
        });
      }
      const doc = await loading;
      if (doc.destroyed) continue; // unloaded while we waited: load afresh
      doc.refs++;
      this.cancelUnload(pageId);
      return doc;
    }
  }

  release(doc: CollabDocument): void {
    doc.refs = Math.max(0, doc.refs - 1);
    if (doc.refs > 0 || doc.destroyed) return;
    this.cancelUnload(doc.pageId);
    this.unloadTimers.set(
      doc.pageId,
      setTimeout(() => this.track(this.unload(doc)), this.options.idleUnloadMs),
    );
  }

  /**
   * Runs fn on the stored state of a page's document (loading it if needed): what is applied when
   * asked, once that is stored. Updates applied while the store catches up are not stored yet, so
   * then fn gets a copy taken before waiting rather than the live document.
   */
  async read<T>(pageId: string, fn: (doc: { readonly ydoc: Y.Doc }) => T | Promise<T>): Promise<T> {
    const doc = await this.acquire(pageId);
    try {
      return await readStored(doc, fn);
    } finally {
      this.release(doc);
    }
  }

  /**
   * Like `read`, but remembers fn's result per loaded document and `key` for the document version
   * it was computed at (CollabDocument.version, bumped by every applied change): reads of an
   * unchanged draft share one computation, also while it is still running or waiting for the store,
   * and the first read after any change computes afresh. The result is shared: never mutate it.
   */
  async readDerived<T>(
    pageId: string,
    key: symbol,
    fn: (doc: { readonly ydoc: Y.Doc }) => T | Promise<T>,
  ): Promise<T> {
    const doc = await this.acquire(pageId);
    try {
      return await this.derived.latest(doc, key, fn);
    } finally {
      this.release(doc);
    }
  }

  /** The stored state of a page and the log seq it covers, loading the document if needed. */
  async snapshot(pageId: string): Promise<{ state: Uint8Array; upToSeq: number }> {
    const doc = await this.acquire(pageId);
    try {
      return await durableSnapshotOf(doc);
    } finally {
      this.release(doc);
    }
  }

  /**
   * `snapshot`, with fn's result for exactly that state, shared with `readDerived` under `key`
   * (the snapshot and the version are taken in one turn, so they describe the same state).
   */
  async snapshotDerived<T>(
    pageId: string,
    key: symbol,
    fn: (doc: { readonly ydoc: Y.Doc }) => T | Promise<T>,
  ): Promise<{ state: Uint8Array; upToSeq: number; derived: T }> {
    const doc = await this.acquire(pageId);
    try {
      // The snapshot and the memo's version are taken in one synchronous stretch (awaiting a helper
      // would let a microtask apply a change in between). The document is durable then, so a miss
      // computes on the live state, which is the snapshotted one.
      for (;;) {
        await doc.whenDurable();
        const snapshot = doc.durableSnapshot();
        if (snapshot) {
          const derived = this.derived.exactly(doc, key, fn);
          return { ...snapshot, derived: await derived };
        }
        if (doc.destroyed) throw new Error('document was unloaded');
      }
    } finally {
      this.release(doc);
    }
  }

  /**
   * A page's rewrite generation: it changes when a rewrite (a purge) starts and again when it ends.
   * A change built from content read at one generation is refused at another (see `change`).
   */
  generation(pageId: string): number {
    return this.generations.get(pageId) ?? 0;
  }

  private bumpGeneration(pageId: string): void {
    this.generations.set(pageId, this.generation(pageId) + 1);
  }

  /**
   * Applies a server-made change to a page's live document, stored and relayed like any edit.
   * With `readAt` (a `generation` taken before the change's content was read), a rewrite that
   * started since refuses it with 409: its content may hold what the rewrite removed.
   */
  async change(
    pageId: string,
    userId: string,
    change: (ydoc: Y.Doc) => void,
    readAt?: number,
  ): Promise<void> {
    const doc = await this.acquire(pageId);
    try {
      if (readAt !== undefined && readAt !== this.generation(pageId)) throw rewrittenMeanwhile();
      await doc.applyServerChange(userId, change);
    } finally {
      this.release(doc);
    }
  }

  /**
   * Takes a page's document out of service and runs `rewrite` on its stored state (a purge). From
   * the start, client updates are dropped and new connections wait; once `rewrite` resolves (it
   * has stored the new state) every editor is closed with 4409 so it discards its copy and loads
   * the new one. If `rewrite` throws, storage is unchanged and editors are closed with 1012 to
   * resync against it (the updates dropped meanwhile come back in their sync step 2).
   */
  async rewrite<T>(pageId: string, rewrite: (state: Uint8Array) => Promise<T>): Promise<T> {
    this.bumpGeneration(pageId);
    const doc = await this.acquire(pageId);
    doc.suspended = true;
    const loading = this.docs.get(pageId);
    if (loading) {
      this.docs.delete(pageId);
      this.cancelUnload(pageId);
      this.storedSinceCompaction.delete(pageId);
    }
    let finish = (): void => {};
    const previous = this.retiring.get(pageId) ?? Promise.resolve();
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const rewriting = previous.then(() => gate);
    this.retiring.set(pageId, rewriting);
    let closeWith: number = CollabCloseCode.Reloading;
    try {
      await doc.whenDurable();
      const result = await rewrite(Y.encodeStateAsUpdate(doc.ydoc));
      closeWith = CollabCloseCode.PageRewritten;
      return result;
    } finally {
      this.bumpGeneration(pageId);
      for (const peer of doc.peers)
        peer.close(
          closeWith,
          closeWith === CollabCloseCode.PageRewritten ? 'page rewritten; reload' : 'document reloading',
        );
      doc.destroy();
      finish();
      void rewriting.finally(() => {
        if (this.retiring.get(pageId) === rewriting) this.retiring.delete(pageId);
      });
    }
  }

  get loadedCount(): number {
    return this.docs.size;
  }

  /** Closes every peer with 1001, waits for all writes, then drops the documents. */
  async shutdown(): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    const docs = await Promise.allSettled([...this.docs.values()]);
    for (const r of docs) {
      if (r.status !== 'fulfilled') continue;
      for (const peer of r.value.peers) peer.close(CollabCloseCode.GoingAway, 'server shutting down');
      await r.value.whenDurable();
      r.value.destroy();
    }
    this.docs.clear();
    await Promise.allSettled([...this.background]);
  }

  private load(pageId: string): Promise<CollabDocument> {
    const started = performance.now();
    const retiring = this.retiring.get(pageId) ?? Promise.resolve();
    const doc = retiring.then(() =>
      CollabDocument.load(
        pageId,
        this.store,
        {
          maxDocumentBytes: this.options.maxDocumentBytes,
          maxDocumentStructs: this.options.maxDocumentStructs,
          logThrottle: this.logThrottle,
          awarenessReservations: this.awarenessReservations,
        },
        this.logger,
        {
          onStored: (count) => this.onStored(pageId, count),
          onFatal: () => this.drop(pageId),
          onFailed: (culprit) => this.retire(pageId, culprit, doc),
        },
      ),
    );
    doc.then(
      () => this.logger.debug({ pageId, ms: Math.round(performance.now() - started) }, 'document loaded'),
      (err: unknown) => this.logger.error({ err, pageId }, 'document load failed'),
    );
    return doc;
  }

  private async unload(doc: CollabDocument): Promise<void> {
    this.unloadTimers.delete(doc.pageId);
    if (doc.refs > 0 || doc.destroyed || doc.failed) return;
    await doc.whenDurable();
    if (doc.refs > 0 || doc.destroyed || doc.failed) return;
    this.docs.delete(doc.pageId);
    // Idle now: fold the log into a snapshot and drop the folded bytes while nobody is waiting.
    const snapshot = (this.storedSinceCompaction.get(doc.pageId) ?? 0) > 0 ? doc.durableSnapshot() : null;
    doc.destroy();
    this.storedSinceCompaction.delete(doc.pageId);
    this.logger.debug({ pageId: doc.pageId }, 'document unloaded');
    this.enqueueCompaction(doc.pageId, async () => {
      if (snapshot && !(await this.storeVerifiedSnapshot(doc.pageId, snapshot))) return 0;
      return this.store.pruneFoldedUpdates(doc.pageId);
    });
  }

  /**
   * Writes a snapshot only after checking it loads into a fresh document: a snapshot that does not
   * load would make the page unreadable once the log it replaces is folded.
   */
  private async storeVerifiedSnapshot(
    pageId: string,
    snapshot: { state: Uint8Array; upToSeq: number },
  ): Promise<boolean> {
    if (!snapshotLoads(snapshot.state)) {
      this.logger.error({ pageId, upToSeq: snapshot.upToSeq }, 'snapshot does not load; not stored');
      return false;
    }
    await this.store.replaceSnapshot(pageId, snapshot.state, snapshot.upToSeq);
    return true;
  }

  /**
   * Drops a document whose live copy failed (see CollabDocumentHooks.onFailed): what honest peers
   * sent before is stored first, then every peer is closed with 1012 so it reconnects and resyncs
   * against a copy loaded afresh from storage.
   */
  private retire(pageId: string, culprit: Peer | null, failing: Promise<CollabDocument>): void {
    // Only the failing copy leaves the map: a newer one loaded meanwhile stays.
    if (this.docs.get(pageId) === failing) {
      this.docs.delete(pageId);
      this.cancelUnload(pageId);
      this.storedSinceCompaction.delete(pageId);
    }
    for (const listener of this.failureListeners) listener(pageId, culprit);
    const retired = failing
      .then(async (doc) => {
        await doc.whenDurable();
        for (const peer of doc.peers) peer.close(CollabCloseCode.Reloading, 'document reloading');
        doc.destroy();
      })
      .catch((err: unknown) => this.logger.error({ err, pageId }, 'retiring a document failed'))
      .finally(() => {
        if (this.retiring.get(pageId) === retired) this.retiring.delete(pageId);
      });
    this.retiring.set(pageId, retired);
    this.track(retired);
  }

  private drop(pageId: string): void {
    const loading = this.docs.get(pageId);
    this.docs.delete(pageId);
    this.cancelUnload(pageId);
    void loading?.then((d) => d.destroy());
  }

  private onStored(pageId: string, count: number): void {
    const total = (this.storedSinceCompaction.get(pageId) ?? 0) + count;
    this.storedSinceCompaction.set(pageId, total);
    this.onEdited(pageId);
    if (total >= this.thresholdFor(pageId)) this.scheduleCompaction(pageId);
  }

  private thresholdFor(pageId: string): number {
    let threshold = this.thresholds.get(pageId);
    if (threshold === undefined) {
      threshold = Math.round(this.options.compactEvery * (1 + Math.random() / 2));
      this.thresholds.set(pageId, threshold);
    }
    return threshold;
  }

  /**
   * Snapshots a live document while it is being edited. The snapshot is the in-memory state once
   * it is all stored (encoding it is cheap), so nothing is re-read or replayed; the folded rows
   * keep their bytes until the page goes idle (see unload), which keeps this off the hot path.
   */
  private scheduleCompaction(pageId: string): void {
    if (this.compacting.has(pageId)) return;
    this.compacting.add(pageId);
    this.storedSinceCompaction.set(pageId, 0);
    this.enqueueCompaction(pageId, async () => {
      const loading = this.docs.get(pageId);
      const doc = loading ? await loading.catch(() => null) : null;
      if (doc && !doc.destroyed) {
        await doc.whenDurable();
        const snapshot = doc.durableSnapshot();
        if (snapshot) {
          await this.storeVerifiedSnapshot(pageId, snapshot);
          return 0;
        }
      }
      // Not loaded (or busy): replay the stored log instead, which is correct whatever happens live.
      return compactDocument(pageId, this.store, this.logger);
    });
  }

  private enqueueCompaction(pageId: string, work: () => Promise<number>): void {
    const job = this.compactionChain
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(work)
      .then((pruned) => this.logger.debug({ pageId, pruned }, 'log compacted'))
      .catch((err: unknown) => this.logger.error({ err, pageId }, 'compaction failed'))
      .finally(() => this.compacting.delete(pageId));
    this.compactionChain = job;
    this.track(job);
  }

  private track(job: Promise<unknown>): void {
    this.background.add(job);
    void job.finally(() => this.background.delete(job));
  }

  private cancelUnload(pageId: string): void {
    const timer = this.unloadTimers.get(pageId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(pageId);
  }
}

/** The full state once everything applied is stored, and the log seq it covers. */
async function durableSnapshotOf(doc: CollabDocument): Promise<{ state: Uint8Array; upToSeq: number }> {
  for (;;) {
    await doc.whenDurable();
    const snapshot = doc.durableSnapshot();
    if (snapshot) return snapshot;
    if (doc.destroyed) throw new Error('document was unloaded');
  }
}
