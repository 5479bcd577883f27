import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { DomainError, type AuthService, type PageService } from '@rounds/domain';
import { CollabCloseCode, presenceColor, type PresenceUser } from '@rounds/shared';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../logger.ts';
import { isAllowedOrigin } from '../http/guards.ts';
import { readSessionSecret } from '../http/session.ts';
import type { CollabDocument } from './CollabDocument.ts';
import type { DocumentRegistry } from './DocumentRegistry.ts';
import { WebSocketPeer } from './WebSocketPeer.ts';

export interface CollabServerOptions {
  maxMessageBytes: number;
  pingIntervalMs: number;
  allowedOrigins: string[];
}

const PATH = /^\/collab\/([A-Za-z0-9_-]{1,100})\/?$/;
/**
 * How long a shutdown waits for clients to answer the closing handshake. `ws` would wait 30 s for
 * an unresponsive one, longer than orchestrators wait before SIGKILL (Docker: 10 s).
 */
const CLOSE_GRACE_MS = 1_000;
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
};

/** The presence the server writes into this user's awareness state: clients cannot choose it. */
export function presenceFor(user: { id: string; name: string }): PresenceUser {
  return { id: user.id, name: user.name, color: presenceColor(user.id) };
}

/**
 * The y-websocket endpoint at /collab/:pageId. The upgrade is refused over plain HTTP (401, 403,
 * 404) before any WebSocket exists: session cookie, Origin and per-page edit rights are checked first.
 */
export class CollabServer {
  private readonly wss: WebSocketServer;
  private readonly peers = new Set<WebSocketPeer>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly auth: AuthService,
    private readonly pages: PageService,
    private readonly registry: DocumentRegistry,
    private readonly options: CollabServerOptions,
    private readonly logger: Logger,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes,
      perMessageDeflate: false,
    });
    this.heartbeat = setInterval(() => this.peers.forEach((p) => p.heartbeat()), options.pingIntervalMs);
    this.heartbeat.unref();
  }

  get connectionCount(): number {
    return this.peers.size;
  }

  /** For the HTTP server's 'upgrade' event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.authorize(req).then(
      (grant) => {
        if (typeof grant === 'number') return refuse(socket, grant);
        this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, grant));
      },
      (err: unknown) => {
        this.logger.error({ err }, 'upgrade authorization failed');
        refuse(socket, 400);
      },
    );
  }

  /**
   * Stops accepting and ends every connection with 1001 (the registry flushes documents);
   * connections that have not completed the close after a short grace period are dropped.
   */
  close(): void {
    clearInterval(this.heartbeat);
    const open = [...this.wss.clients];
    for (const ws of open) ws.close(CollabCloseCode.GoingAway, 'server shutting down');
    this.wss.close();
    if (open.length > 0) setTimeout(() => open.forEach((ws) => ws.terminate()), CLOSE_GRACE_MS).unref();
  }

  private async authorize(
    req: IncomingMessage,
  ): Promise<number | { pageId: string; userId: string; presence: PresenceUser }> {
    const match = PATH.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!match?.[1]) return 404;
    if (!isAllowedOrigin(req, this.options.allowedOrigins)) return 403;
    const user = await this.auth.authenticate(readSessionSecret(req.headers.cookie));
    if (!user) return 401;
    try {
      const page = await this.pages.authorizeEdit(user, match[1]);
      return { pageId: page.id, userId: user.id, presence: presenceFor(user) };
    } catch (err: unknown) {
      if (err instanceof DomainError && err.code === 'not_found') return 404;
      if (err instanceof DomainError && err.code === 'forbidden') return 403;
      throw err;
    }
  }

  private accept(ws: WebSocket, grant: { pageId: string; userId: string; presence: PresenceUser }): void {
    // Without an 'error' listener one malformed frame (e.g. RSV bits set) would crash the process.
    ws.on('error', (err) => this.logger.debug({ err: err.message, userId: grant.userId }, 'socket error'));
    const { pageId, userId } = grant;
    let doc: CollabDocument | null = null;
    const loading = this.registry.acquire(pageId).then(
      (d) => {
        doc = d;
        if (!peer.isOpen) return d; // closed during the load; 'close' releases it
        d.addPeer(peer);
        return d;
      },
      () => {
        peer.close(CollabCloseCode.LoadFailed, 'document could not be loaded');
        return null;
      },
    );
    const peer = new WebSocketPeer(ws, userId, grant.presence, false, loading, this.logger);
    this.peers.add(peer);
    ws.on('close', () => {
      this.peers.delete(peer);
      void loading.then(() => {
        if (!doc) return;
        doc.removePeer(peer);
        this.registry.release(doc);
      });
    });
    this.logger.debug({ pageId, userId }, 'collab connection opened');
  }
}

function refuse(socket: Duplex, status: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}
