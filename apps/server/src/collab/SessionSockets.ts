import { endsSession, policy, type AuthService, type Clock, type SessionsEnded } from '@rounds/domain';
import { CollabCloseCode } from '@rounds/shared';
import type { Logger } from '../logger.ts';

/** A socket that can lose its right to write and be closed at once. */
export interface RevocableSocket {
  /** Stops accepting updates (synchronously), drops its presence for the others, then closes. */
  revoke(code: number, reason: string): void;
}

/** What the upgrade was authorized with. */
export interface SessionGrant {
  sessionId: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
}

interface TrackedSession extends SessionGrant {
  sockets: Set<RevocableSocket>;
  /** Latest document update seen on any socket of this session (0: none since tracking began). */
  lastActivityAt: number;
  /** A read or write for this session is in flight: the check does not start another. */
  busy: boolean;
}

/** How often open sessions are checked for expiry: sockets close within this (plus a read) of it. */
const CHECK_EVERY_MS = 250;
/** Session endings kept to catch upgrades that were being authorized when they happened. */
const RECENT_MS = 60_000;

/**
 * Which close code a session ending gives its sockets. 4401 (sign in again and carry on): signed
 * out, replaced, expired, password changed or reset, and a role change that still allows editing.
 * 4403 (not allowed any more): the account was disabled, or the new role may not edit.
 */
export function closeFor(event: SessionsEnded): { code: number; reason: string } {
  switch (event.reason) {
    case 'disabled':
      return { code: CollabCloseCode.Forbidden, reason: 'account disabled' };
    case 'role_changed':
      return event.role && policy.canEditDraft(event.role)
        ? { code: CollabCloseCode.Unauthenticated, reason: 'role changed; sign in again' }
        : { code: CollabCloseCode.Forbidden, reason: 'role no longer allowed to edit' };
    case 'expired':
      return { code: CollabCloseCode.Unauthenticated, reason: 'session expired' };
    case 'password_changed':
      return { code: CollabCloseCode.Unauthenticated, reason: 'password changed' };
    case 'password_reset':
      return { code: CollabCloseCode.Unauthenticated, reason: 'password reset' };
    case 'signed_out':
    case 'replaced':
      return { code: CollabCloseCode.Unauthenticated, reason: 'signed out' };
  }
}

/**
 * The open collaboration sockets by the session they were authorized with. Listens to the domain's
 * session endings and revokes every socket of an ended session at once; checks, in memory, when
 * each open session times out (absolute from its creation; idle from its last activity, which
 * document updates on its sockets refresh at most once per touch interval) and ends it then.
 */
export class SessionSockets {
  private readonly sessions = new Map<string, TrackedSession>();
  private readonly timer: NodeJS.Timeout;
  private seq = 0;
  private recent: { seq: number; at: number; event: SessionsEnded }[] = [];

  constructor(
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** A mark to pass to {@link add}: endings after it are applied to a socket added later. */
  get mark(): number {
    return this.seq;
  }

  /**
   * Tracks a socket of `grant`'s session. If the session ended since `mark` (while the upgrade
   * was being authorized), the socket is revoked right away; returns whether it stays.
   */
  add(grant: SessionGrant, socket: RevocableSocket, mark: number): boolean {
    for (const { seq, event } of this.recent) {
      if (seq > mark && endsSession(event, grant.userId, grant.sessionId)) {
        const { code, reason } = closeFor(event);
        socket.revoke(code, reason);
        return false;
      }
    }
    let tracked = this.sessions.get(grant.sessionId);
    if (!tracked) {
      tracked = { ...grant, sockets: new Set(), lastActivityAt: 0, busy: false };
      this.sessions.set(grant.sessionId, tracked);
    }
    tracked.sockets.add(socket);
    return true;
  }

  remove(sessionId: string, socket: RevocableSocket): void {
    const tracked = this.sessions.get(sessionId);
    if (!tracked) return;
    tracked.sockets.delete(socket);
    if (tracked.sockets.size === 0) this.sessions.delete(sessionId);
  }

  /**
   * A document update arrived on a socket of this session (in memory: a comparison and an
   * assignment). Returns false when the session is past its absolute timeout: it is ended now,
   * and the update must be dropped, however recently the periodic check ran.
   */
  noteActivity(sessionId: string): boolean {
    const tracked = this.sessions.get(sessionId);
    if (!tracked) return false;
    const now = this.clock.now();
    if (now - tracked.createdAt > this.auth.policy.absoluteTimeoutMs) {
      this.expire(tracked);
      return false;
    }
    tracked.lastActivityAt = now;
    return true;
  }

  /** The domain's session-ended listener: revokes every matching socket synchronously. */
  readonly sessionsEnded = (event: SessionsEnded): void => {
    const now = this.clock.now();
    this.recent = this.recent.filter((r) => now - r.at < RECENT_MS);
    this.recent.push({ seq: ++this.seq, at: now, event });
    const { code, reason } = closeFor(event);
    for (const [sessionId, tracked] of this.sessions) {
      if (!endsSession(event, tracked.userId, sessionId)) continue;
      this.sessions.delete(sessionId);
      for (const socket of tracked.sockets) socket.revoke(code, reason);
      this.logger.debug(
        { userId: tracked.userId, reason: event.reason, sockets: tracked.sockets.size },
        'sockets revoked',
      );
    }
  };

  /** The users with open sockets. */
  openUserIds(): string[] {
    return [...new Set([...this.sessions.values()].map((s) => s.userId))];
  }

  /** Revokes every socket of these users (their sessions stay: e.g. guidelines not acknowledged). */
  revokeUsers(userIds: ReadonlySet<string>, code: number, reason: string): void {
    if (userIds.size === 0) return;
    for (const [sessionId, tracked] of this.sessions) {
      if (!userIds.has(tracked.userId)) continue;
      this.sessions.delete(sessionId);
      for (const socket of tracked.sockets) socket.revoke(code, reason);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Each tick: in memory only, except for a session that looks expired or needs its activity recorded. */
  private check(): void {
    const now = this.clock.now();
    const { absoluteTimeoutMs, idleTimeoutMs } = this.auth.policy;
    const touchEvery = this.auth.touchIntervalMs;
    for (const [sessionId, s] of this.sessions) {
      if (s.busy) continue;
      if (now - s.createdAt > absoluteTimeoutMs) {
        this.expire(s);
        continue;
      }
      const active = s.lastActivityAt > s.lastSeenAt;
      const due = s.lastActivityAt - s.lastSeenAt >= touchEvery || now - s.lastSeenAt > idleTimeoutMs / 2;
      // Idle by what the sockets saw (HTTP requests of the same session may have kept it alive),
      // or activity to record: storage decides, and a session it finds expired ends (announced).
      if ((active && due) || now - s.lastSeenAt > idleTimeoutMs) {
        const at = s.lastActivityAt;
        this.run(s, async () => {
          const live = await this.auth.liveSession(sessionId);
          if (!live) {
            // Gone without an announcement we saw (deleted elsewhere): close as expired.
            if (this.sessions.get(sessionId) === s) this.expire(s);
            return;
          }
          s.lastSeenAt = Math.max(s.lastSeenAt, live.lastSeenAt);
          if (at > s.lastSeenAt) {
            await this.auth.touchSession(sessionId, at);
            s.lastSeenAt = at;
          }
        });
      }
    }
  }

  /**
   * Past its absolute timeout nothing can save a session: its sockets are revoked now, without
   * asking storage first; the domain then deletes it and announces the ending.
   */
  private expire(s: TrackedSession): void {
    this.sessionsEnded({
      userId: s.userId,
      sessions: { kind: 'only', ids: [s.sessionId] },
      reason: 'expired',
    });
    this.run(s, () => this.auth.liveSession(s.sessionId).then(() => undefined));
  }

  private run(s: TrackedSession, work: () => Promise<void>): void {
    s.busy = true;
    work()
      .catch((err: unknown) => this.logger.error({ err, userId: s.userId }, 'session check failed'))
      .finally(() => {
        s.busy = false;
      });
  }
}
