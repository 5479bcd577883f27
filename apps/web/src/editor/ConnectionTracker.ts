import * as Y from 'yjs';
import { messageSync } from 'y-websocket';
import type { WebsocketProvider } from 'y-websocket';
import { CollabCloseCode } from '@rounds/shared';
import { checkGuidelines } from '../api.ts';
import { failureForCloseCode } from './collabFailure.ts';
import type { CollabFailure } from './collabFailure.ts';
import { encodeSyncStep1 } from './encodeSyncStep1.ts';

/** What the connection indicator shows. */
export type ConnectionState = 'connected' | 'syncing' | 'offline';

export interface ConnectionSnapshot {
  state: ConnectionState;
  failure: CollabFailure | null;
  /** Local changes the server has not acknowledged yet (however recent). */
  unconfirmedChanges: boolean;
}

export interface ConnectionTrackerOptions {
  /**
   * Called when a connection attempt fails before the socket opened. Browsers hide the HTTP status
   * of a refused upgrade (401/403 come through as close code 1006), so the caller asks the REST API why.
   */
  diagnose?: () => Promise<CollabFailure | null>;
}

/** Unacknowledged changes younger than this still count as "Connected", so typing does not flicker. */
const ACK_GRACE_MS = 1200;
/** Batch keystrokes into one acknowledgement round trip. */
const ACK_THROTTLE_MS = 300;
/** When the server never sends its own sync step 1, stop waiting for it. */
const SERVER_STEP1_WAIT_MS = 1500;
const DIAGNOSE_INTERVAL_MS = 10_000;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;

type SyncHandler = WebsocketProvider['messageHandlers'][number];

/**
 * Derives "Connected" / "Syncing…" / "Offline" from a y-websocket provider.
 *
 * y-websocket has no acknowledgements, so local changes are confirmed with the protocol itself:
 * after local updates the tracker sends a sync step 1 on the same socket; the server answers each
 * step 1 with a step 2, in order, so that answer proves every earlier update reached the server.
 */
export class ConnectionTracker {
  private snapshot: ConnectionSnapshot = { state: 'syncing', failure: null, unconfirmedChanges: false };
  private readonly listeners = new Set<() => void>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly originalSyncHandler: SyncHandler | undefined;
  private failure: CollabFailure | null = null;
  private opened = false;
  private failedSinceConnected = false;
  private serverStep1Seen = false;
  /** Sequence numbers of our sync step 1 requests, in the order their answers will arrive (-1: the provider's own). */
  private inflight: number[] = [];
  private localSeq = 0;
  private ackedSeq = 0;
  private unackedSince: number | null = null;
  private unackedAfterRequestSince: number | null = null;
  private ackScheduled = false;
  /** Counts opened sockets, so a timer started for one connection does nothing on the next. */
  private generation = 0;
  private lastDiagnose = 0;
  private destroyed = false;

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly doc: Y.Doc,
    private readonly options: ConnectionTrackerOptions = {},
  ) {
    this.originalSyncHandler = provider.messageHandlers[messageSync];
    provider.messageHandlers[messageSync] = this.onSyncMessage;
    provider.on('status', this.onStatus);
    provider.on('sync', this.onSync);
    provider.on('closed', this.onClosed);
    provider.on('connection-close', this.onConnectionClose);
    doc.on('update', this.onDocUpdate);
    window.addEventListener('online', this.recompute);
    window.addEventListener('offline', this.recompute);
    this.recompute();
  }

  /** For `useSyncExternalStore`. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ConnectionSnapshot => this.snapshot;

  destroy(): void {
    this.destroyed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.originalSyncHandler) this.provider.messageHandlers[messageSync] = this.originalSyncHandler;
    this.provider.off('status', this.onStatus);
    this.provider.off('sync', this.onSync);
    this.provider.off('closed', this.onClosed);
    this.provider.off('connection-close', this.onConnectionClose);
    this.doc.off('update', this.onDocUpdate);
    window.removeEventListener('online', this.recompute);
    window.removeEventListener('offline', this.recompute);
    this.listeners.clear();
  }

  /**
   * The app learned another way that this connection may not go on (another tab signed out): stop
   * the provider for good and show the refusal, as if the server had closed with that code.
   */
  refuse(failure: CollabFailure): void {
    if (this.destroyed || this.failure) return;
    this.failure = failure;
    this.provider.disconnect();
    this.recompute();
  }

  private readonly onSyncMessage: SyncHandler = (encoder, decoder, provider, emitSynced, messageType) => {
    // Peek at the sync message type (a one-byte varint) before the original handler consumes it.
    const syncType = decoder.arr[decoder.pos];
    this.originalSyncHandler?.(encoder, decoder, provider, emitSynced, messageType);
    if (!emitSynced) return; // a BroadcastChannel message from another tab, not the server
    if (syncType === SYNC_STEP2) this.onServerAnswer();
    if (syncType === SYNC_STEP1 && !this.serverStep1Seen) {
      // Our answer (step 2 with offline edits) is sent after this handler returns; ask for a confirmation after it.
      this.serverStep1Seen = true;
      this.scheduleAck(0);
    }
  };

  private readonly onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
    if (status === 'connecting') this.opened = false;
    if (status === 'connected') {
      this.opened = true;
      this.generation += 1;
      this.failedSinceConnected = false;
      this.serverStep1Seen = false;
      this.inflight = [-1]; // the provider sends its own sync step 1 right after this event
    }
    if (status === 'disconnected') this.inflight = [];
    this.recompute();
  };

  private readonly onSync = (synced: boolean): void => {
    if (synced) {
      const generation = this.generation;
      this.after(SERVER_STEP1_WAIT_MS, () => {
        if (generation !== this.generation || !this.provider.wsconnected) return;
        this.serverStep1Seen = true;
        this.scheduleAck(0);
      });
    }
    this.recompute();
  };

  private readonly onClosed = ({ code }: { code: number }): void => {
    // A refusal is final for this connection: a later close never turns it back into a retry.
    this.failure ??= failureForCloseCode(code);
    this.recompute();
  };

  private readonly onConnectionClose = (event: CloseEvent | null): void => {
    if (event === null) return; // closed locally (disconnect or watchdog)
    // Enforced guidelines not acknowledged also close with 4403: the prompt asks if that is why.
    if (event.code === CollabCloseCode.Forbidden) checkGuidelines();
    this.failedSinceConnected = true;
    if (!this.opened) this.diagnoseRefusal();
    this.recompute();
  };

  private readonly onDocUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider) return; // came from the server
    this.localSeq += 1;
    const now = Date.now();
    this.unackedSince ??= now;
    this.unackedAfterRequestSince ??= now;
    this.scheduleAck(ACK_THROTTLE_MS);
    this.after(ACK_GRACE_MS + 50, this.recompute);
    this.recompute();
  };

  private onServerAnswer(): void {
    const seq = this.inflight.shift();
    if (seq !== undefined && seq > this.ackedSeq) {
      this.ackedSeq = seq;
      this.unackedSince = this.localSeq > seq ? this.unackedAfterRequestSince : null;
    }
    if (this.localSeq > this.ackedSeq) this.scheduleAck(ACK_THROTTLE_MS);
    this.recompute();
  }

  private scheduleAck(delay: number): void {
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    this.after(delay, () => {
      this.ackScheduled = false;
      this.requestAck();
    });
  }

  /** Send a sync step 1 carrying our state vector; the server's step 2 answer confirms everything sent before. */
  private requestAck(): void {
    const ws = this.provider.ws;
    const ready =
      ws !== null && ws.readyState === WebSocket.OPEN && this.provider.synced && this.serverStep1Seen;
    if (!ready || this.localSeq <= this.ackedSeq) return;
    if (this.inflight.some((seq) => seq >= 0)) return; // one request at a time; its answer reschedules
    this.inflight.push(this.localSeq);
    this.unackedAfterRequestSince = null;
    ws.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
  }

  private diagnoseRefusal(): void {
    const { diagnose } = this.options;
    const now = Date.now();
    if (!diagnose || now - this.lastDiagnose < DIAGNOSE_INTERVAL_MS) return;
    this.lastDiagnose = now;
    diagnose().then(
      (failure) => {
        if (!failure || this.destroyed || this.opened || this.failure) return;
        this.failure = failure;
        this.provider.disconnect();
        this.recompute();
      },
      () => undefined, // unreachable server: keep retrying, the indicator says "Offline"
    );
  }

  private after(delay: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.destroyed) run();
    }, delay);
    this.timers.add(timer);
  }

  private readonly recompute = (): void => {
    const next = this.compute();
    const prev = this.snapshot;
    if (
      prev.state === next.state &&
      prev.failure === next.failure &&
      prev.unconfirmedChanges === next.unconfirmedChanges
    ) {
      return;
    }
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  };

  private compute(): ConnectionSnapshot {
    const unconfirmedChanges = this.localSeq > this.ackedSeq;
    const base = { failure: this.failure, unconfirmedChanges };
    if (this.failure || !navigator.onLine) return { ...base, state: 'offline' };
    if (this.provider.wsconnected) {
      const lagging =
        this.unackedSince !== null && unconfirmedChanges && Date.now() - this.unackedSince > ACK_GRACE_MS;
      return { ...base, state: this.provider.synced && !lagging ? 'connected' : 'syncing' };
    }
    // Between reconnect attempts the provider flips between "connecting" and "disconnected": once an
    // attempt has failed, keep saying "Offline" until a socket actually opens.
    return { ...base, state: this.failedSinceConnected ? 'offline' : 'syncing' };
  }
}
