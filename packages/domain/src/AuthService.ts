import { recordAudit } from './audit.ts';
import { DomainError, unauthenticated } from './errors.ts';
import type { Session, User } from './model.ts';
import type {
  AuditLog,
  Clock,
  IdGenerator,
  PasswordHasher,
  SessionRepository,
  UserRepository,
} from './ports.ts';
import type { SessionEndings } from './sessionEvents.ts';

export interface SessionPolicy {
  /** A session unused for this long ends. */
  idleTimeoutMs: number;
  /** A session ends this long after sign-in, however active. */
  absoluteTimeoutMs: number;
}

export interface SignedIn {
  user: User;
  /** The secret for the cookie; only its hash is stored. */
  sessionSecret: string;
}

/**
 * The most sessions one person keeps: each sign-in past it ends their oldest session. Twenty is
 * more devices and browsers than anyone uses; it bounds what signing in in a loop leaves behind.
 */
export const MAX_SESSIONS_PER_USER = 20;

/** How often a sign-in retries its session when only the role changed meanwhile. */
const ROLE_RACE_RETRIES = 3;

/** Only refresh `lastSeenAt` this often, so reads do not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/** A session resolved from its cookie, with the user it belongs to. */
export interface AuthenticatedSession {
  user: User;
  session: Session;
}

export class AuthService {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly sessionPolicy: SessionPolicy,
    private readonly endings: SessionEndings,
    private readonly audit: AuditLog,
  ) {}

  get policy(): SessionPolicy {
    return this.sessionPolicy;
  }

  /**
   * How stale `lastSeenAt` may get before activity refreshes it: once a minute, or more often when
   * the idle timeout is that short (tests), so activity can keep any session alive.
   */
  get touchIntervalMs(): number {
    return Math.min(TOUCH_INTERVAL_MS, this.sessionPolicy.idleTimeoutMs / 4);
  }

  /**
   * Checks credentials; unknown email, wrong password and disabled accounts fail identically to
   * the caller. Each verification is audited with the client's address: `auth.signed_in`, or
   * `auth.sign_in_failed` with the reason and, when the email names an account, that account as
   * target (never the email or the password). Throttled attempts never get here, so the audit
   * grows at the throttle's pace, not the attacker's.
   */
  async login(email: string, password: string, previousSecret?: string, ip = 'unknown'): Promise<SignedIn> {
    const user = await this.users.findUserByEmail(email.trim().toLowerCase());
    if (!user) {
      this.dummyHash ??= this.hasher.hash(this.ids.secret());
      await this.hasher.verify(await this.dummyHash, password);
      throw await this.signInFailed(null, ip, 'unknown_account');
    }
    const ok = await this.hasher.verify(user.passwordHash, password);
    if (!ok) throw await this.signInFailed(user.id, ip, 'wrong_password');
    if (user.disabled) throw await this.signInFailed(user.id, ip, 'disabled');
    // Regenerate at login: whatever session the browser carried before is ended.
    if (previousSecret) await this.endSession(this.ids.hashSecret(previousSecret), 'replaced');
    let started;
    try {
      started = await this.startSession(user);
    } catch (err: unknown) {
      // The password or the account changed while it was being verified.
      throw err instanceof DomainError ? await this.signInFailed(user.id, ip, 'changed_meanwhile') : err;
    }
    await recordAudit(this.audit, this.clock, user.id, 'auth.signed_in', `user:${user.id}`, { ip });
    return { user: started.user, sessionSecret: started.secret };
  }

  /** The first session of someone who just proved themselves otherwise (the setup link): audited as a sign-in. */
  async signInAfterSetup(user: User, ip = 'unknown'): Promise<{ user: User; secret: string }> {
    const started = await this.startSession(user);
    await recordAudit(this.audit, this.clock, user.id, 'auth.signed_in', `user:${user.id}`, {
      ip,
      via: 'setup',
    });
    return started;
  }

  private async signInFailed(userId: string | null, ip: string, reason: string): Promise<DomainError> {
    await recordAudit(this.audit, this.clock, null, 'auth.sign_in_failed', userId ? `user:${userId}` : '', {
      ip,
      reason,
    });
    return invalidCredentials();
  }

  /**
   * Starts a session for `user` as read when its password was verified. The session is stored
   * only if that password is still the user's and the account is still enabled, checked by the
   * insert itself: a password change, reset or disabling that committed while the password was
   * being verified wins, and this sign-in fails like a wrong password. When only the role
   * changed, the session starts with the role the user has now. Past
   * {@link MAX_SESSIONS_PER_USER}, the oldest sessions end.
   */
  async startSession(user: User): Promise<{ user: User; secret: string }> {
    let current = user;
    for (let attempt = 0; attempt <= ROLE_RACE_RETRIES; attempt++) {
      const secret = this.ids.secret();
      const now = this.clock.now();
      const session: Session = {
        id: this.ids.hashSecret(secret),
        userId: current.id,
        createdAt: now,
        lastSeenAt: now,
      };
      const started = await this.sessions.insertSessionIfCurrent(
        session,
        { passwordHash: current.passwordHash, role: current.role },
        MAX_SESSIONS_PER_USER,
      );
      if (started.inserted) {
        if (started.evicted.length > 0) {
          this.endings.announce({
            userId: current.id,
            sessions: { kind: 'only', ids: started.evicted },
            reason: 'replaced',
          });
        }
        return { user: current, secret };
      }
      const fresh = await this.users.findUserById(current.id);
      if (!fresh || fresh.disabled || fresh.passwordHash !== current.passwordHash) break;
      current = fresh;
    }
    throw invalidCredentials();
  }

  /** Resolves a cookie secret to its user, or null when absent, expired or the user is disabled. */
  async authenticate(secret: string | undefined): Promise<User | null> {
    return (await this.authenticateSession(secret))?.user ?? null;
  }

  /** Like {@link authenticate}, with the session (the collaboration server tracks its sockets by it). */
  async authenticateSession(secret: string | undefined): Promise<AuthenticatedSession | null> {
    if (!secret || secret.length > 200) return null;
    const session = await this.liveSession(this.ids.hashSecret(secret));
    if (!session) return null;
    const user = await this.users.findUserById(session.userId);
    if (!user || user.disabled) return null;
    const now = this.clock.now();
    if (now - session.lastSeenAt > this.touchIntervalMs) {
      await this.sessions.touchSession(session.id, now);
      session.lastSeenAt = now;
    }
    return { user, session };
  }

  /**
   * The session by id, or null when it is gone; one that is past a timeout is ended here (and
   * announced as expired). For the collaboration server's expiry check, which reads only when a
   * session looks expired by what it knows.
   */
  async liveSession(id: string): Promise<Session | null> {
    const session = await this.sessions.findSession(id);
    if (!session) return null;
    if (this.isExpired(session, this.clock.now())) {
      await this.endings.end({
        userId: session.userId,
        sessions: { kind: 'only', ids: [id] },
        reason: 'expired',
      });
      return null;
    }
    return session;
  }

  /** Records activity seen elsewhere (an open WebSocket), unless the session has ended meanwhile. */
  async touchSession(id: string, at: number): Promise<void> {
    const session = await this.sessions.findSession(id);
    if (session && !this.isExpired(session, this.clock.now()) && at > session.lastSeenAt) {
      await this.sessions.touchSession(id, at);
    }
  }

  isExpired(session: Pick<Session, 'createdAt' | 'lastSeenAt'>, now: number): boolean {
    const { idleTimeoutMs, absoluteTimeoutMs } = this.sessionPolicy;
    return now - session.lastSeenAt > idleTimeoutMs || now - session.createdAt > absoluteTimeoutMs;
  }

  async requireUser(secret: string | undefined): Promise<User> {
    const user = await this.authenticate(secret);
    if (!user) throw unauthenticated();
    return user;
  }

  /** Ends the session of `secret` (audited as `auth.signed_out`); nothing when there is none. */
  async logout(secret: string | undefined, ip = 'unknown'): Promise<void> {
    if (!secret || secret.length > 200) return;
    const userId = await this.endSession(this.ids.hashSecret(secret), 'signed_out');
    if (userId)
      await recordAudit(this.audit, this.clock, userId, 'auth.signed_out', `user:${userId}`, { ip });
  }

  /** Ends expired sessions in bulk (a periodic sweep) and announces each; returns how many. */
  async pruneSessions(): Promise<number> {
    const now = this.clock.now();
    const ended = await this.sessions.deleteExpiredSessions(
      now - this.sessionPolicy.idleTimeoutMs,
      now - this.sessionPolicy.absoluteTimeoutMs,
    );
    const byUser = new Map<string, string[]>();
    for (const { id, userId } of ended) byUser.set(userId, [...(byUser.get(userId) ?? []), id]);
    for (const [userId, ids] of byUser) {
      this.endings.announce({ userId, sessions: { kind: 'only', ids }, reason: 'expired' });
    }
    return ended.length;
  }

  /** Ends the session; returns whose it was (null: there was none). */
  private async endSession(id: string, reason: 'signed_out' | 'replaced'): Promise<string | null> {
    const session = await this.sessions.findSession(id);
    if (!session) return null;
    await this.endings.end({ userId: session.userId, sessions: { kind: 'only', ids: [id] }, reason });
    return session.userId;
  }
}

const invalidCredentials = (): DomainError =>
  new DomainError('unauthenticated', 'Email or password is incorrect');
