import { DomainError, type DocumentStore } from '@rounds/domain';
import { CollabCloseCode } from '@rounds/shared';
import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { guardAwarenessUpdate } from './awarenessGuard.ts';
import type { Peer } from './Peer.ts';
import { encodeAwareness, encodeSyncStep1, type ClientMessage } from './protocol.ts';
import { relayBatch, type PendingUpdate } from './relayBatch.ts';
import { SyncAnswers } from './SyncAnswers.ts';
import { maxGrowthOf, structCount, UpdateRefusedError } from './updateGrowth.ts';
import { flushAtEndOfTurn } from './flushTick.ts';
import { documentLimitBroken } from './documentLimits.ts';
import { loadStoredDocument } from './replayStored.ts';
import type { LogThrottle } from './LogThrottle.ts';
import { RESERVED_OWNER, type AwarenessReservations } from './AwarenessReservations.ts';
import { PurgedClients } from './purgedClients.ts';

export interface CollabDocumentOptions {
  maxDocumentBytes: number;
  /**
   * Most structs a document may hold. Memory (~200 bytes each) and the cost of loading, reading
   * and encoding it grow with them, not with its encoded size: one-character items that never
   * merge are ~11 encoded bytes but ~210 in memory.
   */
  maxDocumentStructs: number;
  /** Repeated warnings (one hostile client can cause thousands) are logged at most once a while. */
  logThrottle: LogThrottle;
  awarenessReservations: AwarenessReservations;
}

export interface CollabDocumentHooks {
  /** Called after updates were stored, with how many. */
  onStored(count: number): void;
  /** Storage failed: the document must be dropped from memory (clients keep their edits and resync). */
  onFatal(): void;
  /**
   * Bytes the server did not create failed to apply cleanly (Yjs may have integrated part of them)
   * or broke an invariant: the live copy must not be served, stored or snapshotted again. The
   * registry stores what is pending, then drops it; the next connection loads it from storage.
   */
  onFailed(culprit: Peer | null): void;
}

/** Collects what one apply produced, so nothing of a failed apply is stored or relayed. */
interface Capture {
  origin: unknown;
  updates: PendingUpdate[];
  /** Why the apply must not stand (see documentLimitBroken), or null. */
  broken: string | null;
}

/** Origin of transactions the server makes on a user's behalf. */
class ServerChange {
  constructor(readonly userId: string) {}
}

const beingPurged = (): DomainError =>
  new DomainError('conflict', 'An admin is purging text from this page; try again in a moment');

/** Marks transactions that replay stored state, which must not be stored again. */
const LOAD_ORIGIN = Symbol('load');

/**
 * The live state of one page: a Y.Doc, its presence, its peers, and the write-ahead discipline —
 * an update is appended to storage before any peer can see it, through a relay or a sync answer.
 */
export class CollabDocument {
  readonly awareness: Awareness;
  readonly peers = new Set<Peer>();
  /** Reservations by connections and readers; the registry unloads at zero. */
  refs = 0;
  destroyed = false;
  /** Set once an apply failed: this copy is never served, stored or snapshotted again. */
  failed = false;
  /**
   * Set while a purge rewrites the page (see DocumentRegistry.rewrite): client updates are
   * dropped (the editors are closed and resync once it ends) and server changes are refused.
   */
  suspended = false;
  /** Yjs clients of documents a purge replaced: a peer still holding one is refused. */
  private purgedClients = new PurgedClients([]);
  /**
   * Bumped by every change Yjs integrates into the live document (any origin), synchronously in
   * the transaction that made it: equal versions mean equal states, so readers may cache by it.
   */
  get version(): number {
    return this.changes;
  }
  private changes = 0;

  private readonly awarenessOwners = new Map<number, Peer>();
  /** Peers asked for their whole state after an update with missing dependencies. */
  private readonly resyncRequested = new Set<Peer>();
  private pending: PendingUpdate[] = [];
  private changedAwareness = new Set<number>();
  private flushScheduled = false;
  private flushing = false;
  /** Updates applied since load, and how many of them are stored (they are stored in order). */
  private appliedCount = 0;
  private storedCount = 0;
  private storedWaiters: { upTo: number; resolve: () => void }[] = [];
  /** Highest update-log seq this document's state covers (loaded or stored by us). */
  private lastStoredSeq = 0;
  /**
   * At least the encoded size of the document: exact after load and whenever the cap is near,
   * otherwise grown by each update's worst case (see maxGrowthOf), so the cap is never overrun.
   */
  private sizeBound = 0;
  /** At least the number of structs, exact after load and whenever the cap is near. */
  private structBound = 0;
  /** When the size was last measured exactly: at most once a second, it costs a full encode. */
  private lastMeasuredAt = 0;
  private capture: Capture | null = null;
  private lastFailure: string | null = null;
  /** The sync step 2 answer to an empty state vector (a fresh client), until the next change. */
  private readonly answers: SyncAnswers;

  private constructor(
    readonly ydoc: Y.Doc,
    readonly pageId: string,
    private readonly store: DocumentStore,
    private readonly options: CollabDocumentOptions,
    private readonly logger: Logger,
    private readonly hooks: CollabDocumentHooks,
  ) {
    this.awareness = new Awareness(ydoc);
    this.answers = new SyncAnswers(ydoc);
    // The server holds no presence of its own.
    this.awareness.setLocalState(null);
  }

  /** Loads snapshot + log; the document answers nobody before this resolves. */
  static async load(
    pageId: string,
    store: DocumentStore,
    options: CollabDocumentOptions,
    logger: Logger,
    hooks: CollabDocumentHooks,
  ): Promise<CollabDocument> {
    const { ydoc, lastSeq, purgedClientIds } = await loadStoredDocument(pageId, store, logger, LOAD_ORIGIN);
    const doc = new CollabDocument(ydoc, pageId, store, options, logger, hooks);
    doc.purgedClients = new PurgedClients(purgedClientIds);
    doc.sizeBound = Y.encodeStateAsUpdate(doc.ydoc).byteLength;
    doc.structBound = structCount(doc.ydoc);
    doc.lastStoredSeq = lastSeq;
    doc.ydoc.on('update', (update: Uint8Array, origin: unknown) => doc.onYUpdate(update, origin));
    doc.ydoc.on('afterTransaction', (tr: Y.Transaction) => {
      const capture = doc.capture;
      if (capture && capture.origin === tr.origin) capture.broken ??= documentLimitBroken(tr);
    });
    doc.awareness.on(
      'update',
      ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
        for (const id of [...added, ...updated, ...removed]) doc.changedAwareness.add(id);
        doc.scheduleFlush();
      },
    );
    return doc;
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
    peer.send(encodeSyncStep1(Y.encodeStateVector(this.ydoc)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, states)));
  }

  removePeer(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    this.resyncRequested.delete(peer);
    const owned = [...peer.clientIds].filter((id) => this.awarenessOwners.get(id) === peer);
    for (const id of owned) {
      this.awarenessOwners.delete(id);
      this.options.awarenessReservations.reserve(this.pageId, id, peer.userId);
    }
    if (owned.length > 0) removeAwarenessStates(this.awareness, owned, 'server');
  }

  /** Handles one decoded client message. Malformed content closes only that peer. */
  async handle(peer: Peer, message: ClientMessage): Promise<void> {
    switch (message.kind) {
      case 'syncStep1':
        return this.answerSyncStep1(peer, message.stateVector);
      case 'update':
        return this.applyClientUpdate(peer, message.update);
      case 'awareness':
        return this.applyClientAwareness(peer, message.update);
      case 'queryAwareness': {
        const ids = [...this.awareness.getStates().keys()];
        if (ids.length > 0) peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, ids)));
        return;
      }
      case 'auth':
        return;
    }
  }

  /** Whether every update applied so far is stored. */
  get isDurable(): boolean {
    return this.storedCount === this.appliedCount;
  }

  /**
   * Applies a change made by the server on someone's behalf (e.g. restoring a revision): stored,
   * attributed to `userId` and relayed like any client's update. Resolves once it is stored.
   */
  async applyServerChange(userId: string, change: (ydoc: Y.Doc) => void): Promise<void> {
    if (this.destroyed || this.failed) throw new Error('document is unloaded');
    if (this.suspended) throw beingPurged();
    const origin = new ServerChange(userId);
    if (!this.applyCaptured(origin, () => this.ydoc.transact(() => change(this.ydoc), origin))) {
      this.fail(null, 'server change failed');
      throw new Error('the change could not be applied');
    }
    await this.whenDurable();
  }

  /**
   * The full state and the log seq it covers, when everything applied is stored (else null).
   * Assumes this process is the page's only writer, which holds for the embedded SQLite store.
   */
  durableSnapshot(): { state: Uint8Array; upToSeq: number } | null {
    // A submission must not snapshot content a purge is removing (it would store it again).
    if (this.suspended) throw beingPurged();
    if (!this.isDurable || this.destroyed || this.failed) return null;
    return { state: Y.encodeStateAsUpdate(this.ydoc), upToSeq: this.lastStoredSeq };
  }

  /** Resolves once every update applied so far is stored. */
  whenDurable(): Promise<void> {
    // Only what is applied now: waiting for an empty log instead would never end while others
    // keep typing faster than the store completes.
    const upTo = this.appliedCount;
    if (this.storedCount >= upTo || this.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.storedWaiters.push({ upTo, resolve }));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.storedWaiters.splice(0).forEach((w) => w.resolve());
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private async answerSyncStep1(peer: Peer, stateVector: Uint8Array): Promise<void> {
    if (this.failed) return; // being reloaded: the peer is closed and resyncs
    // It still holds a document a purge replaced (or sent garbage): nothing of it may come back.
    const stale = this.purgedClients.judgeStateVector(stateVector);
    if (stale === 'malformed') return peer.close(CollabCloseCode.BadMessage, 'malformed state vector');
    if (stale === 'stale') return this.refuseStale(peer);
    let answer: { frame: Uint8Array; work: number };
    try {
      answer = this.answers.answer(stateVector, this.structBound);
    } catch {
      return peer.close(CollabCloseCode.BadMessage, 'malformed state vector');
    }
    const { frame, work } = answer;
    // Never serve state that is not stored yet: the answer holds everything applied so far, so it
    // leaves once all of that is stored. Later updates reach the peer as relays.
    await Promise.all([this.whenDurable(), peer.paceAnswer(frame.byteLength, work)]);
    if (this.destroyed || this.failed || !peer.isOpen) return;
    peer.send(frame);
  }

  private applyClientUpdate(peer: Peer, update: Uint8Array): void {
    // Dropped while failed: the peer still has its change and sends it again after the reload.
    // A peer whose session ended may have updates in flight: none of them is applied, stored or relayed.
    if (peer.readOnly || !peer.mayWrite || this.destroyed || this.failed || this.suspended) return;
    const stale = this.purgedClients.judgeUpdate(update);
    if (stale === 'malformed') return this.refuseMalformedUpdate(peer, update);
    if (stale === 'stale') return this.refuseStale(peer);
    let growth: { bytes: number; structs: number };
    try {
      growth = maxGrowthOf(update);
    } catch (e) {
      return this.refuseMalformedUpdate(
        peer,
        update,
        e instanceof UpdateRefusedError ? e.message : undefined,
      );
    }
    if (this.structBound + growth.structs > this.options.maxDocumentStructs) {
      this.structBound = structCount(this.ydoc);
      if (this.structBound + growth.structs > this.options.maxDocumentStructs) {
        this.warn('document struct cap reached', { userId: peer.userId, structs: this.structBound });
        return peer.close(CollabCloseCode.DocumentTooLarge, 'document too large');
      }
    }
    const max = this.options.maxDocumentBytes;
    if (this.sizeBound + growth.bytes > max) {
      // Measuring is a full encode: once a second at most, so updates that only inflate the
      // estimate (repeating known structs) cannot make every update cost one.
      const now = performance.now();
      if (now - this.lastMeasuredAt >= 1_000) {
        this.lastMeasuredAt = now;
        this.sizeBound = Y.encodeStateAsUpdate(this.ydoc).byteLength;
      }
      if (this.sizeBound + growth.bytes > max) {
        this.warn('document size cap reached', { userId: peer.userId, size: this.sizeBound });
        return peer.close(CollabCloseCode.DocumentTooLarge, 'document too large');
      }
    }
    // Y.applyUpdate (V1) only: it fails fast on crafted input where merge/V2 decoders can hang.
    // It can still throw after integrating part of the bytes (a deleted item of length 2^54 does),
    // and some limits are only seen once integrated (nesting built up over several updates, values
    // inside attributes): then this copy is dropped and reloaded
    // from storage, which holds none of it. That costs nothing on the hot path, where applying to
    // a scratch copy first would cost a copy of the document per update (docs/decisions.md).
    if (!this.applyCaptured(peer, () => Y.applyUpdate(this.ydoc, update, peer))) {
      return this.fail(peer, this.lastFailure ?? 'malformed update', update.byteLength);
    }
    this.dropUnintegrated(peer);
  }

  /**
   * Runs an apply, holding back the updates it produces; they join the pending batch only if it
   * neither threw nor broke a document limit (documentLimitBroken). Returns whether it succeeded.
   */
  private applyCaptured(origin: unknown, apply: () => void): boolean {
    const capture: Capture = { origin, updates: [], broken: null };
    this.capture = capture;
    let threw = false;
    try {
      apply();
    } catch {
      threw = true;
    } finally {
      this.capture = null;
    }
    if (threw || capture.broken !== null) {
      this.lastFailure = threw ? 'malformed update' : capture.broken;
      return false;
    }
    if (capture.updates.length === 0) return true;
    // What was integrated (Yjs's own encoding of it), not what was sent, grows the document:
    // parts with missing dependencies, or structs it already had, must not inflate the bounds.
    for (const u of capture.updates) {
      const growth = maxGrowthOf(u.update, { untrusted: false });
      this.sizeBound += growth.bytes;
      this.structBound += growth.structs;
    }
    this.pending.push(...capture.updates);
    this.appliedCount += capture.updates.length;
    this.scheduleFlush();
    return true;
  }

  /** A peer holding a purged document: closed so it reloads, and nothing of it is applied. */
  private refuseStale(peer: Peer): void {
    this.warn('stale document refused after a purge', { userId: peer.userId });
    peer.close(CollabCloseCode.PageRewritten, 'page rewritten; reload');
  }

  /** Refused from its bytes alone (malformed, or past a limit seen there): nothing was applied. */
  private refuseMalformedUpdate(peer: Peer, update: Uint8Array, reason = 'malformed update'): void {
    this.warn('update refused', { userId: peer.userId, bytes: update.byteLength, reason });
    peer.close(CollabCloseCode.BadMessage, reason);
  }

  /** This copy may hold part of bytes that failed: stop using it (see CollabDocumentHooks.onFailed). */
  private fail(culprit: Peer | null, reason: string, bytes?: number): void {
    if (this.failed) return;
    this.failed = true;
    this.answers.clear();
    this.warn('apply failed; reloading document', { userId: culprit?.userId, bytes, reason });
    culprit?.close(CollabCloseCode.BadMessage, reason);
    this.hooks.onFailed(culprit);
  }

  private warn(message: string, fields: Record<string, unknown>): void {
    this.options.logThrottle.run(`${message}|${this.pageId}`, (suppressed) =>
      this.logger.warn(
        { pageId: this.pageId, ...fields, ...(suppressed > 0 ? { suppressed } : {}) },
        message,
      ),
    );
  }

  /**
   * Parts of an update whose dependencies we never received stay pending inside Yjs: never stored,
   * not counted against the size cap, yet merged (Y.mergeUpdates) into every sync answer and so
   * served to everyone. Drop them, and ask the client for its whole state: a real client (one that
   * got a colleague's edits from another tab, say) then sends the missing parts in its step 2.
   */
  private dropUnintegrated(peer: Peer): void {
    const store = this.ydoc.store;
    if (store.pendingStructs === null && store.pendingDs === null) {
      this.resyncRequested.delete(peer);
      return;
    }
    store.pendingStructs = null;
    store.pendingDs = null;
    this.warn('update with missing dependencies', { userId: peer.userId });
    // Ask once until the peer sends a complete update: a client that itself holds unresolvable
    // pending parts answers every request with them again.
    if (this.resyncRequested.has(peer)) return;
    this.resyncRequested.add(peer);
    peer.send(encodeSyncStep1(Y.encodeStateVector(this.ydoc)));
  }

  private applyClientAwareness(peer: Peer, update: Uint8Array): void {
    let guarded: Uint8Array | null;
    try {
      guarded = guardAwarenessUpdate(
        update,
        peer,
        (id) =>
          this.awarenessOwners.get(id) ??
          (this.options.awarenessReservations.heldForOther(this.pageId, id, peer.userId)
            ? RESERVED_OWNER
            : undefined),
        (id) => (this.awareness.states.has(id) ? undefined : this.awareness.meta.get(id)?.clock),
      );
    } catch {
      return peer.close(CollabCloseCode.BadMessage, 'malformed awareness');
    }
    if (!guarded) return;
    for (const id of peer.clientIds) this.awarenessOwners.set(id, peer);
    applyAwarenessUpdate(this.awareness, guarded, peer);
  }

  /** Every change Yjs actually integrated, encoded by Yjs itself: this is what we store and relay. */
  private onYUpdate(update: Uint8Array, origin: unknown): void {
    this.changes++;
    if (origin === LOAD_ORIGIN) return;
    this.answers.clear();
    const peer = this.peers.has(origin as Peer) ? (origin as Peer) : null;
    const userId = peer?.userId ?? (origin instanceof ServerChange ? origin.userId : null);
    const entry = { update, peer, userId, at: Date.now() };
    if (this.capture) {
      this.capture.updates.push(entry);
      return;
    }
    // Every change is applied through applyCaptured; this is only reached by a transaction that
    // bypassed it, which must still be stored before anyone sees it.
    this.pending.push(entry);
    this.appliedCount++;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    flushAtEndOfTurn(this.runScheduledFlush);
  }

  private readonly runScheduledFlush = (): void => {
    this.flushScheduled = false;
    void this.flush();
  };

  /** One tick's worth: store the batch, then relay it; then send presence changes. */
  private async flush(): Promise<void> {
    if (this.destroyed) return;
    this.flushing = true;
    const batch = this.pending;
    this.pending = [];
    try {
      if (batch.length > 0) {
        const seqs = await this.store.appendUpdates(
          this.pageId,
          batch.map(({ update, userId, at }) => ({ update, userId, at })),
        );
        this.storedCount += batch.length;
        this.lastStoredSeq = seqs.at(-1) ?? this.lastStoredSeq;
        relayBatch(batch, this.peers);
        this.hooks.onStored(batch.length);
        this.storedWaiters = this.storedWaiters.filter((w) => {
          if (w.upTo > this.storedCount) return true;
          w.resolve();
          return false;
        });
      }
    } catch (err: unknown) {
      this.flushing = false;
      this.logger.error({ err, pageId: this.pageId }, 'storing updates failed; unloading document');
      for (const p of this.peers) p.close(CollabCloseCode.LoadFailed, 'storage failure');
      this.hooks.onFatal();
      return;
    }
    if (this.changedAwareness.size > 0 && !this.destroyed) {
      const ids = [...this.changedAwareness];
      this.changedAwareness.clear();
      const message = encodeAwareness(encodeAwarenessUpdate(this.awareness, ids));
      for (const p of this.peers) p.send(message);
    }
    this.flushing = false;
    if (this.pending.length > 0 || this.changedAwareness.size > 0) this.scheduleFlush();
  }
}
