import type { PresenceUser } from '@rounds/shared';
import { CollabCloseCode } from '@rounds/shared';
import { WebSocket } from 'ws';
import type { Logger } from '../logger.ts';
import type { CollabDocument } from './CollabDocument.ts';
import type { LogThrottle } from './LogThrottle.ts';
import type { Peer } from './Peer.ts';
import type { PeerLimits } from './PeerLimits.ts';
import { decodeClientMessage, type ClientMessage } from './protocol.ts';

/** Received frames waiting to be handled past this many bytes pause reading from the socket. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
/** …or past this many frames (a flood of tiny frames costs per frame, not per byte). */
const MAX_QUEUED_FRAMES = 256;
/** A peer that has not drained enough to take a sync answer in this long is dropped. */
const ANSWER_DRAIN_TIMEOUT_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WebSocketPeerOptions {
  /**
   * Most bytes a peer may have waiting to be sent: a send that would take it past this drops the
   * peer instead (it resyncs on reconnect). Above the largest document, so one full sync always
   * fits; what is buffered is mostly shared (relays and full-state answers are one buffer for all).
   */
  maxBufferedBytes: number;
  /** Most bytes all of one user's peers together may have waiting before sync answers wait. */
  maxUserBufferedBytes: number;
  limits: PeerLimits;
  logThrottle: LogThrottle;
  /**
   * Called for each document update this peer sends (activity of its session); false when the
   * session has just run out, and the update is dropped.
   */
  onUpdate?: () => boolean;
}

/** After a revocation, a client that does not complete the closing handshake is dropped this soon. */
const REVOKE_GRACE_MS = 1_000;

/**
 * Binds one WebSocket to a document. Frames are handled strictly in order through a promise
 * chain that starts with the document load, so nothing is answered before the document is there.
 * The chain is bounded: past MAX_QUEUED_BYTES the socket stops being read (TCP pushes back on the
 * sender), and updates past the connection's rate wait their turn.
 */
export class WebSocketPeer implements Peer {
  readonly clientIds = new Set<number>();
  alive = true;
  /** See Peer.mayWrite: cleared synchronously by revoke(), never set again. */
  mayWrite = true;
  private queue: Promise<CollabDocument | null>;
  private queuedBytes = 0;
  private queuedFrames = 0;
  private paused = false;
  private deferredAwareness: Extract<ClientMessage, { kind: 'awareness' }> | null = null;
  private awarenessTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ws: WebSocket,
    readonly userId: string,
    readonly presence: PresenceUser,
    readonly readOnly: boolean,
    document: Promise<CollabDocument | null>,
    private readonly logger: Logger,
    private readonly options: WebSocketPeerOptions,
  ) {
    this.queue = document;
    options.limits.user.peers.add(this);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('close', () => {
      options.limits.user.peers.delete(this);
      if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
      this.awarenessTimer = null;
      this.deferredAwareness = null;
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (!this.isOpen) return;
    // Never start a send that takes the peer past its cap: a peer that does not read must not
    // make the server hold an ever-growing queue for it.
    if (this.ws.bufferedAmount + message.byteLength > this.options.maxBufferedBytes) {
      this.options.logThrottle.run(`slow consumer|${this.userId}`, (suppressed) =>
        this.logger.warn({ userId: this.userId, suppressed }, 'slow consumer dropped'),
      );
      this.ws.terminate();
      return;
    }
    this.ws.send(message, (err) => {
      if (err) this.ws.terminate();
    });
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  async paceAnswer(bytes: number, work: number): Promise<void> {
    const { limits, maxBufferedBytes, maxUserBufferedBytes } = this.options;
    const delay = limits.delayForAnswer(bytes, work);
    if (delay > 0) await sleep(delay);
    // A sync answer waits for the peer to drain what it has rather than pushing it past its cap
    // (relays cannot wait: they must stay in order, so send() drops a peer that falls that far behind).
    const deadline = Date.now() + ANSWER_DRAIN_TIMEOUT_MS;
    const mustWait = (): boolean => {
      const own = this.ws.bufferedAmount;
      const user = limits.user.buffered;
      return (own > 0 && own + bytes > maxBufferedBytes) || (user > 0 && user + bytes > maxUserBufferedBytes);
    };
    while (this.isOpen && mustWait()) {
      if (Date.now() > deadline) {
        this.ws.terminate();
        return;
      }
      await sleep(50);
    }
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close(code, reason);
  }

  /**
   * The session behind this peer ended: from now on nothing it sends is applied (the flag is
   * checked before every update, no storage read), then the socket closes with `code`. A client
   * that does not answer the close is dropped after a grace period.
   */
  revoke(code: number, reason: string): void {
    this.mayWrite = false;
    this.deferredAwareness = null;
    this.close(code, reason);
    setTimeout(() => {
      if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    }, REVOKE_GRACE_MS).unref();
  }

  /** Ping/pong liveness: a peer that missed the last pong is terminated. */
  heartbeat(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  private onMessage(data: unknown, isBinary: boolean): void {
    if (!isBinary || !(data instanceof Buffer)) {
      this.close(CollabCloseCode.BadMessage, 'binary frames only');
      return;
    }
    const bytes: Uint8Array = new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    this.queuedBytes += bytes.byteLength;
    this.queuedFrames++;
    if ((this.queuedBytes > MAX_QUEUED_BYTES || this.queuedFrames > MAX_QUEUED_FRAMES) && !this.paused) {
      this.paused = true;
      this.ws.pause();
    }
    this.enqueue(async (doc) => {
      try {
        await this.handleFrame(doc, bytes);
      } finally {
        this.queuedBytes -= bytes.byteLength;
        this.queuedFrames--;
        if (
          this.paused &&
          this.queuedBytes <= MAX_QUEUED_BYTES / 2 &&
          this.queuedFrames <= MAX_QUEUED_FRAMES / 2
        ) {
          this.paused = false;
          this.ws.resume();
        }
      }
    });
  }

  private enqueue(work: (doc: CollabDocument) => Promise<void>): void {
    this.queue = this.queue.then(async (doc) => {
      if (!doc || !this.isOpen) return doc;
      await work(doc);
      return doc;
    });
  }

  private async handleFrame(doc: CollabDocument, bytes: Uint8Array): Promise<void> {
    let message: ClientMessage;
    try {
      message = decodeClientMessage(bytes);
    } catch {
      this.options.logThrottle.run(`malformed frame|${this.userId}`, (suppressed) =>
        this.logger.warn(
          { userId: this.userId, pageId: doc.pageId, bytes: bytes.byteLength, suppressed },
          'malformed frame',
        ),
      );
      this.close(CollabCloseCode.BadMessage, 'malformed message');
      return;
    }
    const { limits } = this.options;
    if (message.kind === 'update' && (!this.mayWrite || this.options.onUpdate?.() === false)) return;
    if (message.kind === 'update' && !this.readOnly) {
      const delay = limits.delayForUpdate();
      if (delay > 0) await sleep(delay);
      if (!this.isOpen) return;
    } else if (message.kind === 'syncStep1') {
      const delay = limits.delayForSyncRequest();
      if (delay > 0) await sleep(delay);
      if (!this.isOpen) return;
    } else if (message.kind === 'awareness' && !limits.awareness.tryTake()) {
      this.deferAwareness(message);
      return;
    }
    await this.dispatch(doc, message);
  }

  /** Keeps only the latest awareness state past the rate and applies it when the budget allows. */
  private deferAwareness(message: Extract<ClientMessage, { kind: 'awareness' }>): void {
    this.deferredAwareness = message;
    if (this.awarenessTimer) return;
    this.awarenessTimer = setTimeout(() => {
      this.awarenessTimer = null;
      const latest = this.deferredAwareness;
      this.deferredAwareness = null;
      if (!latest) return;
      this.options.limits.awareness.take();
      this.enqueue((doc) => this.dispatch(doc, latest));
    }, Math.ceil(this.options.limits.awareness.msUntilToken()));
  }

  private async dispatch(doc: CollabDocument, message: ClientMessage): Promise<void> {
    try {
      await doc.handle(this, message);
    } catch (err: unknown) {
      this.logger.error({ err, userId: this.userId, pageId: doc.pageId }, 'message handling failed');
      this.close(CollabCloseCode.BadMessage, 'message could not be handled');
    }
  }
}
