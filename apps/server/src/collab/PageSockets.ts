import type { PageEvent } from '@rounds/domain';
import { CollabCloseCode } from '@rounds/shared';
import type { Logger } from '../logger.ts';
import type { RevocableSocket } from './SessionSockets.ts';

/** Archivings kept to catch upgrades that were being authorized when they happened. */
const RECENT_MS = 60_000;

/**
 * The open collaboration sockets by page. Listens to the domain's page events: when a page is
 * archived, every socket of it is revoked at once (no update it sends afterwards is applied,
 * stored or relayed) and closed with 4403, which the y-websocket client does not retry.
 */
export class PageSockets {
  private readonly pages = new Map<string, Set<RevocableSocket>>();
  private seq = 0;
  private recent: { seq: number; at: number; pageId: string }[] = [];

  constructor(private readonly logger: Logger) {}

  /** A mark to pass to {@link add}: archivings after it are applied to a socket added later. */
  get mark(): number {
    return this.seq;
  }

  /**
   * Tracks a socket of `pageId`. If the page was archived since `mark` (while the upgrade was
   * being authorized) and not restored since, the socket is revoked right away; returns whether it stays.
   */
  add(pageId: string, socket: RevocableSocket, mark: number): boolean {
    if (this.recent.some((r) => r.seq > mark && r.pageId === pageId)) {
      socket.revoke(CollabCloseCode.Forbidden, 'page archived');
      return false;
    }
    let sockets = this.pages.get(pageId);
    if (!sockets) {
      sockets = new Set();
      this.pages.set(pageId, sockets);
    }
    sockets.add(socket);
    return true;
  }

  remove(pageId: string, socket: RevocableSocket): void {
    const sockets = this.pages.get(pageId);
    if (!sockets) return;
    sockets.delete(socket);
    if (sockets.size === 0) this.pages.delete(pageId);
  }

  /** The domain's page-event listener: revokes every socket of an archived page synchronously. */
  readonly pageEvent = (event: PageEvent): void => {
    // A purge closes its editors itself, once the rewritten document is live (DocumentRegistry.rewrite).
    if (event.kind === 'purged') return;
    const now = Date.now();
    this.recent = this.recent.filter((r) => now - r.at < RECENT_MS && r.pageId !== event.pageId);
    // A restore forgets the archiving: an upgrade authorized before both finds a live page.
    if (event.kind !== 'archived') return;
    this.recent.push({ seq: ++this.seq, at: now, pageId: event.pageId });
    const sockets = this.pages.get(event.pageId);
    if (!sockets) return;
    this.pages.delete(event.pageId);
    for (const socket of sockets) socket.revoke(CollabCloseCode.Forbidden, 'page archived');
    this.logger.debug({ pageId: event.pageId, sockets: sockets.size }, 'sockets of archived page revoked');
  };
}
