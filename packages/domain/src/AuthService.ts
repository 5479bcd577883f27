import { DomainError, unauthenticated } from './errors.ts';
import type { Session, User } from './model.ts';
import type { Clock, IdGenerator, PasswordHasher, SessionRepository, UserRepository } from './ports.ts';

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

/** Only refresh `lastSeenAt` this often, so reads do not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

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
  ) {}

  /** Checks credentials; unknown email, wrong password and disabled accounts fail identically. */
  async login(email: string, password: string, previousSecret?: string): Promise<SignedIn> {
    const user = await this.users.findUserByEmail(email.trim().toLowerCase());
    if (!user) {
      this.dummyHash ??= this.hasher.hash(this.ids.secret());
      await this.hasher.verify(await this.dummyHash, password);
      throw invalidCredentials();
    }
    const ok = await this.hasher.verify(user.passwordHash, password);
    if (!ok || user.disabled) throw invalidCredentials();
    // Regenerate at login: whatever session the browser carried before is ended.
    if (previousSecret) await this.sessions.deleteSession(this.ids.hashSecret(previousSecret));
    return { user, sessionSecret: await this.startSession(user.id) };
  }

  async startSession(userId: string): Promise<string> {
    const secret = this.ids.secret();
    const now = this.clock.now();
    const session: Session = { id: this.ids.hashSecret(secret), userId, createdAt: now, lastSeenAt: now };
    await this.sessions.insertSession(session);
    return secret;
  }

  /** Resolves a cookie secret to its user, or null when absent, expired or the user is disabled. */
  async authenticate(secret: string | undefined): Promise<User | null> {
    if (!secret || secret.length > 200) return null;
    const id = this.ids.hashSecret(secret);
    const session = await this.sessions.findSession(id);
    if (!session) return null;
    const now = this.clock.now();
    const { idleTimeoutMs, absoluteTimeoutMs } = this.sessionPolicy;
    if (now - session.lastSeenAt > idleTimeoutMs || now - session.createdAt > absoluteTimeoutMs) {
      await this.sessions.deleteSession(id);
      return null;
    }
    const user = await this.users.findUserById(session.userId);
    if (!user || user.disabled) return null;
    if (now - session.lastSeenAt > TOUCH_INTERVAL_MS) await this.sessions.touchSession(id, now);
    return user;
  }

  async requireUser(secret: string | undefined): Promise<User> {
    const user = await this.authenticate(secret);
    if (!user) throw unauthenticated();
    return user;
  }

  async logout(secret: string | undefined): Promise<void> {
    if (secret) await this.sessions.deleteSession(this.ids.hashSecret(secret));
  }

  async pruneSessions(): Promise<number> {
    const now = this.clock.now();
    return this.sessions.deleteExpiredSessions(
      now - this.sessionPolicy.idleTimeoutMs,
      now - this.sessionPolicy.absoluteTimeoutMs,
    );
  }
}

const invalidCredentials = (): DomainError =>
  new DomainError('unauthenticated', 'Email or password is incorrect');
