import type { DocumentStore } from '@rounds/domain';
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
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, type ClientMessage } from './protocol.ts';
import { relayBatch, type PendingUpdate } from './relayBatch.ts';

export interface CollabDocumentOptions {
  maxDocumentBytes: number;
}

export interface CollabDocumentHooks {
  /** Called after updates were stored, with how many. */
  onStored(count: number): void;
  /** Storage failed: the document must be dropped from memory (clients keep their edits and resync). */
  onFatal(): void;
}

/** Marks transactions that replay stored state, which must not be stored again. */
const LOAD_ORIGIN = Symbol('load');

/**
 * The live state of one page: a Y.Doc, its presence, its peers, and the write-ahead discipline —
 * an update is appended to storage before any peer can see it, through a relay or a sync answer.
 */
export class CollabDocument {
  readonly ydoc = new Y.Doc();
  readonly awareness = new Awareness(this.ydoc);
  readonly peers = new Set<Peer>();
  /** Reservations by connections and readers; the registry unloads at zero. */
  refs = 0;
  destroyed = false;

  private readonly awarenessOwners = new Map<number, Peer>();
  private pending: PendingUpdate[] = [];
  private changedAwareness = new Set<number>();
  private flushScheduled = false;
  private flushing = false;
  private durableWaiters: (() => void)[] = [];
  private approxSize = 0;

  private constructor(
    readonly pageId: string,
    private readonly store: DocumentStore,
    private readonly options: CollabDocumentOptions,
    private readonly logger: Logger,
    private readonly hooks: CollabDocumentHooks,
  ) {
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
    const doc = new CollabDocument(pageId, store, options, logger, hooks);
    const stored = await store.loadDocument(pageId);
    doc.ydoc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(doc.ydoc, stored.snapshot, LOAD_ORIGIN);
      for (const u of stored.updates) {
        try {
          Y.applyUpdate(doc.ydoc, u.update, LOAD_ORIGIN);
        } catch (err: unknown) {
          // Stored bytes were applied once before being stored, so this means on-disk damage.
          logger.error({ err, pageId, seq: u.seq }, 'stored update could not be applied; skipped');
        }
      }
    }, LOAD_ORIGIN);
    doc.approxSize = Y.encodeStateAsUpdate(doc.ydoc).byteLength;
    doc.ydoc.on('update', (update: Uint8Array, origin: unknown) => doc.onYUpdate(update, origin));
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
    const owned = [...peer.clientIds].filter((id) => this.awarenessOwners.get(id) === peer);
    owned.forEach((id) => this.awarenessOwners.delete(id));
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

  /** Resolves once every update applied so far is stored. */
  whenDurable(): Promise<void> {
    if (this.isDurable()) return Promise.resolve();
    return new Promise((resolve) => this.durableWaiters.push(resolve));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.durableWaiters.splice(0).forEach((resolve) => resolve());
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private isDurable(): boolean {
    return this.pending.length === 0 && !this.flushing;
  }

  private async answerSyncStep1(peer: Peer, stateVector: Uint8Array): Promise<void> {
    // Never serve state that is not stored yet: wait until everything applied so far is durable.
    while (!this.isDurable() && !this.destroyed) await this.whenDurable();
    if (this.destroyed || !peer.isOpen) return;
    let diff: Uint8Array;
    try {
      diff = Y.encodeStateAsUpdate(this.ydoc, stateVector);
    } catch {
      return peer.close(CollabCloseCode.BadMessage, 'malformed state vector');
    }
    peer.send(encodeSyncStep2(diff));
  }

  private applyClientUpdate(peer: Peer, update: Uint8Array): void {
    if (peer.readOnly || this.destroyed) return;
    if (this.approxSize + update.byteLength > this.options.maxDocumentBytes) {
      this.approxSize = Y.encodeStateAsUpdate(this.ydoc).byteLength;
      if (this.approxSize + update.byteLength > this.options.maxDocumentBytes) {
        this.logger.warn(
          { pageId: this.pageId, userId: peer.userId, size: this.approxSize },
          'document size cap reached',
        );
        return peer.close(CollabCloseCode.DocumentTooLarge, 'document too large');
      }
    }
    try {
      // Y.applyUpdate (V1) only: it fails fast on crafted input where merge/V2 decoders can hang.
      Y.applyUpdate(this.ydoc, update, peer);
    } catch {
      this.logger.warn(
        { pageId: this.pageId, userId: peer.userId, bytes: update.byteLength },
        'malformed update',
      );
      peer.close(CollabCloseCode.BadMessage, 'malformed update');
    }
  }

  private applyClientAwareness(peer: Peer, update: Uint8Array): void {
    let guarded: Uint8Array | null;
    try {
      guarded = guardAwarenessUpdate(update, peer, (id) => this.awarenessOwners.get(id));
    } catch {
      return peer.close(CollabCloseCode.BadMessage, 'malformed awareness');
    }
    if (!guarded) return;
    for (const id of peer.clientIds) if (!this.awarenessOwners.has(id)) this.awarenessOwners.set(id, peer);
    applyAwarenessUpdate(this.awareness, guarded, peer);
  }

  /** Every change Yjs actually integrated, encoded by Yjs itself: this is what we store and relay. */
  private onYUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOAD_ORIGIN) return;
    const peer = this.peers.has(origin as Peer) ? (origin as Peer) : null;
    this.pending.push({ update, peer, userId: peer?.userId ?? null, at: Date.now() });
    this.approxSize += update.byteLength;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /** One tick's worth: store the batch, then relay it; then send presence changes. */
  private async flush(): Promise<void> {
    if (this.destroyed) return;
    this.flushing = true;
    const batch = this.pending;
    this.pending = [];
    try {
      if (batch.length > 0) {
        await this.store.appendUpdates(
          this.pageId,
          batch.map(({ update, userId, at }) => ({ update, userId, at })),
        );
        relayBatch(batch, this.peers);
        this.hooks.onStored(batch.length);
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
    if (this.isDurable()) this.durableWaiters.splice(0).forEach((resolve) => resolve());
  }
}
