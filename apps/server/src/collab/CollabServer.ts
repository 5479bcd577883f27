import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { DomainError, type AuthService, type Clock, type PageService } from '@rounds/domain';
import { CollabCloseCode, presenceColor, type PresenceUser } from '@rounds/shared';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../logger.ts';
import { isAllowedOrigin } from '../http/guards.ts';
import { readSessionSecret } from '../http/session.ts';
import type { CollabDocument } from './CollabDocument.ts';
import type { DocumentRegistry } from './DocumentRegistry.ts';
import { LogThrottle } from './LogThrottle.ts';
import type { Peer } from './Peer.ts';
import { PageSockets } from './PageSockets.ts';
import { PeerLimits, UserBudget, type RateSettings } from './PeerLimits.ts';
import type { ConductGate } from './ConductGate.ts';
import { SessionSockets, type SessionGrant } from './SessionSockets.ts';
import { WebSocketPeer } from './WebSocketPeer.ts';

export interface CollabServerOptions extends RateSettings {
  maxMessageBytes: number;
  maxDocumentBytes: number;
  pingIntervalMs: number;
  allowedOrigins: string[];
  maxConnectionsPerUser: number;
  maxConnectionsPerPage: number;
}

interface Grant {
  pageId: string;
  userId: string;
  presence: PresenceUser;
  session: SessionGrant;
  /** SessionSockets.mark when authorization began. */
  mark: number;
  /** PageSockets.mark when authorization began. */
  pageMark: number;
  /** CollabServer's guidelines-change count when authorization began. */
  gateSeq: number;
}

/** After someone's update failed to apply to a page, their upgrades to it are refused this long. */
const QUARANTINE_MS = 30_000;
/** Room above the largest document for what else a peer may have buffered (relays, presence). */
const BUFFER_HEADROOM_BYTES = 4 * 1024 * 1024;

const PATH = /^\/collab\/([A-Za-z0-9_-]{1,100})\/?$/;
/**
 * How long a shutdown waits for clients to answer the closing handshake. `ws` would wait 30 s for
 * an unresponsive one, longer than orchestrators wait before SIGKILL (Docker: 10 s).
 */
const CLOSE_GRACE_MS = 1_000;
const GUIDELINES_REASON = 'guidelines not acknowledged';
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
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
  private readonly budgets = new Map<string, UserBudget>();
  private readonly pageConnections = new Map<string, number>();
  /** `userId|pageId` → until when that user's upgrades to that page are refused. */
  private readonly quarantine = new Map<string, number>();
  private readonly logThrottle = new LogThrottle();
  /** Open sockets by session: closed when the domain ends their session (see sessionsEnded). */
  private readonly sessionSockets: SessionSockets;
  /** Open sockets by page: closed when the domain archives their page (see pageEvent). */
  private readonly pageSockets: PageSockets;
  /** Counts guideline changes: an upgrade authorized before one is checked again once accepted. */
  private gateSeq = 0;

  constructor(
    private readonly auth: AuthService,
    private readonly pages: PageService,
    private readonly registry: DocumentRegistry,
    private readonly options: CollabServerOptions,
    private readonly logger: Logger,
    clock: Clock,
    private readonly gate: ConductGate | null = null,
  ) {
    this.sessionSockets = new SessionSockets(auth, clock, logger);
    this.pageSockets = new PageSockets(logger);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes,
      perMessageDeflate: false,
    });
    this.heartbeat = setInterval(() => {
      this.peers.forEach((p) => p.heartbeat());
      this.sweep();
    }, options.pingIntervalMs);
    this.heartbeat.unref();
    registry.onApplyFailed((pageId, culprit) => this.onApplyFailed(pageId, culprit));
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

  /** For the domain's SessionEndings: closes every socket of the sessions that ended. */
  get sessionsEnded(): SessionSockets['sessionsEnded'] {
    return this.sessionSockets.sessionsEnded;
  }

  /** For the domain's PageEvents: closes every socket of a page that was archived. */
  get pageEvent(): PageSockets['pageEvent'] {
    return this.pageSockets.pageEvent;
  }

  /**
   * For the domain's GuidelineEvents: closes with 4403 the sockets of everyone who has not
   * acknowledged the guidelines now enforced (one query for all open users).
   */
  readonly guidelinesChanged = (): void => {
    this.gateSeq++;
    const gate = this.gate;
    if (!gate) return;
    gate.refused(this.sessionSockets.openUserIds()).then(
      (refused) => this.sessionSockets.revokeUsers(refused, CollabCloseCode.Forbidden, GUIDELINES_REASON),
      (err: unknown) => this.logger.error({ err }, 'guidelines check of open sockets failed'),
    );
  };

  /**
   * Stops accepting and ends every connection with 1001 (the registry flushes documents);
   * connections that have not completed the close after a short grace period are dropped.
   */
  close(): void {
    clearInterval(this.heartbeat);
    this.sessionSockets.close();
    const open = [...this.wss.clients];
    for (const ws of open) ws.close(CollabCloseCode.GoingAway, 'server shutting down');
    this.wss.close();
    if (open.length > 0) setTimeout(() => open.forEach((ws) => ws.terminate()), CLOSE_GRACE_MS).unref();
  }

  private async authorize(req: IncomingMessage): Promise<number | Grant> {
    const match = PATH.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!match?.[1]) return 404;
    if (!isAllowedOrigin(req, this.options.allowedOrigins)) return 403;
    // A session ending while this is in flight is applied to the socket once it is accepted.
    const mark = this.sessionSockets.mark;
    // Likewise an archiving: authorizeEdit may have read the page just before it.
    const pageMark = this.pageSockets.mark;
    const gateSeq = this.gateSeq;
    const authenticated = await this.auth.authenticateSession(readSessionSecret(req.headers.cookie));
    if (!authenticated) return 401;
    const { user, session } = authenticated;
    try {
      const page = await this.pages.authorizeEdit(user, match[1]);
      // Keyed by the page's id, however the URL named it.
      if ((this.quarantine.get(`${user.id}|${page.id}`) ?? 0) > Date.now()) return 429;
      if (this.gate && !(await this.gate.mayWrite(user.id))) return 403;
      return {
        pageId: page.id,
        userId: user.id,
        presence: presenceFor(user),
        session: {
          sessionId: session.id,
          userId: user.id,
          createdAt: session.createdAt,
          lastSeenAt: session.lastSeenAt,
        },
        mark,
        pageMark,
        gateSeq,
      };
    } catch (err: unknown) {
      if (err instanceof DomainError && err.code === 'not_found') return 404;
      if (err instanceof DomainError && err.code === 'forbidden') return 403;
      throw err;
    }
  }

  private accept(ws: WebSocket, grant: Grant): void {
    // Without an 'error' listener one malformed frame (e.g. RSV bits set) would crash the process.
    ws.on('error', (err) => this.logger.debug({ err: err.message, userId: grant.userId }, 'socket error'));
    const { pageId, userId } = grant;
    const budget = this.budgetOf(userId);
    const onPage = this.pageConnections.get(pageId) ?? 0;
    if (
      budget.connections >= this.options.maxConnectionsPerUser ||
      onPage >= this.options.maxConnectionsPerPage
    ) {
      // Accepted only to say why with a code the y-websocket client does not retry on.
      this.logThrottle.run(`connection cap|${userId}`, (suppressed) =>
        this.logger.warn({ userId, pageId, suppressed }, 'connection cap reached'),
      );
      ws.close(CollabCloseCode.TooMany, 'too many connections');
      return;
    }
    budget.connections++;
    this.pageConnections.set(pageId, onPage + 1);
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
    const { sessionId } = grant.session;
    const peer = new WebSocketPeer(ws, userId, grant.presence, false, loading, this.logger, {
      maxBufferedBytes: this.options.maxDocumentBytes + BUFFER_HEADROOM_BYTES,
      maxUserBufferedBytes: 2 * (this.options.maxDocumentBytes + BUFFER_HEADROOM_BYTES),
      limits: new PeerLimits(this.options, budget),
      logThrottle: this.logThrottle,
      onUpdate: () => this.sessionSockets.noteActivity(sessionId),
    });
    this.peers.add(peer);
    const revocable = {
      revoke: (code: number, reason: string): void => {
        peer.revoke(code, reason);
        // Gone for the others now (presence removed, no more relays), not when the close completes.
        doc?.removePeer(peer);
      },
    };
    if (this.sessionSockets.add(grant.session, revocable, grant.mark))
      this.pageSockets.add(pageId, revocable, grant.pageMark);
    if (this.gate && grant.gateSeq !== this.gateSeq) {
      // The guidelines changed while this upgrade was being authorized: ask again.
      this.gate.mayWrite(userId).then(
        (ok) => ok || revocable.revoke(CollabCloseCode.Forbidden, GUIDELINES_REASON),
        (err: unknown) => this.logger.error({ err, userId }, 'guidelines check failed'),
      );
    }
    ws.on('close', () => {
      this.sessionSockets.remove(sessionId, revocable);
      this.pageSockets.remove(pageId, revocable);
      this.peers.delete(peer);
      budget.connections--;
      const left = (this.pageConnections.get(pageId) ?? 1) - 1;
      if (left > 0) this.pageConnections.set(pageId, left);
      else this.pageConnections.delete(pageId);
      void loading.then(() => {
        if (!doc) return;
        doc.removePeer(peer);
        this.registry.release(doc);
      });
    });
    this.logger.debug({ pageId, userId }, 'collab connection opened');
  }

  private budgetOf(userId: string): UserBudget {
    let budget = this.budgets.get(userId);
    if (!budget) {
      budget = new UserBudget(this.options);
      this.budgets.set(userId, budget);
    }
    return budget;
  }

  /** A user whose bytes broke a page waits before reconnecting to it (each failure reloads it). */
  private onApplyFailed(pageId: string, culprit: Peer | null): void {
    if (culprit) this.quarantine.set(`${culprit.userId}|${pageId}`, Date.now() + QUARANTINE_MS);
  }

  /** Forgets budgets with nothing to remember and quarantines that ended. */
  private sweep(): void {
    for (const [userId, budget] of this.budgets) if (budget.idle) this.budgets.delete(userId);
    const now = Date.now();
    for (const [key, until] of this.quarantine) if (until <= now) this.quarantine.delete(key);
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
