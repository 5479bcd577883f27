import type { PresenceUser } from '@rounds/shared';
import { CollabCloseCode } from '@rounds/shared';
import { WebSocket } from 'ws';
import type { Logger } from '../logger.ts';
import type { CollabDocument } from './CollabDocument.ts';
import type { Peer } from './Peer.ts';
import { decodeClientMessage } from './protocol.ts';

/** A slow consumer holding more than this unsent is dropped; it resyncs on reconnect. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Binds one WebSocket to a document. Frames are handled strictly in order through a promise
 * chain that starts with the document load, so nothing is answered before the document is there.
 */
export class WebSocketPeer implements Peer {
  readonly clientIds = new Set<number>();
  alive = true;
  private queue: Promise<CollabDocument | null>;

  constructor(
    private readonly ws: WebSocket,
    readonly userId: string,
    readonly presence: PresenceUser,
    readonly readOnly: boolean,
    document: Promise<CollabDocument | null>,
    private readonly logger: Logger,
  ) {
    this.queue = document;
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.logger.warn({ userId: this.userId }, 'slow consumer dropped');
      this.ws.terminate();
      return;
    }
    this.ws.send(message, (err) => {
      if (err) this.ws.terminate();
    });
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close(code, reason);
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
    this.queue = this.queue.then(async (doc) => {
      if (!doc || !this.isOpen) return doc;
      let message;
      try {
        message = decodeClientMessage(bytes);
      } catch {
        this.logger.warn(
          { userId: this.userId, pageId: doc.pageId, bytes: bytes.byteLength },
          'malformed frame',
        );
        this.close(CollabCloseCode.BadMessage, 'malformed message');
        return doc;
      }
      try {
        await doc.handle(this, message);
      } catch (err: unknown) {
        this.logger.error({ err, userId: this.userId, pageId: doc.pageId }, 'message handling failed');
        this.close(CollabCloseCode.BadMessage, 'message could not be handled');
      }
      return doc;
    });
  }
}
