import { recordAudit } from './audit.ts';
import { DomainError, forbidden, notFound, unauthenticated } from './errors.ts';
import type { User } from './model.ts';
import { policy } from './policy.ts';
import type {
  AccountRepository,
  AuditLog,
  Clock,
  IdGenerator,
  PasswordHasher,
  ResetOutcome,
  SessionRepository,
  UserRepository,
} from './ports.ts';
import type { SessionEndings } from './sessionEvents.ts';

/** How long a password reset link stays valid. */
export const RESET_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** A reset link just issued: the secret goes into the URL once and is never stored. */
export interface IssuedResetLink {
  token: string;
  expiresAt: number;
}

/**
 * Passwords: changing one's own (other sessions end) and the admin's one-time reset link (every
 * session ends). Each writes the password, ends the sessions and deletes the unused reset links in
 * one unit of work, audits with ids only, and announces the ended sessions through
 * {@link SessionEndings}.
 */
export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly endings: SessionEndings,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Changes the password of the person signed in with `sessionSecret`, who proves it with the
   * current one; every other session of theirs ends, this one stays. A wrong current password
   * changes nothing (401; callers count it against the sign-in throttle).
   */
  async changePassword(sessionSecret: string, currentPassword: string, newPassword: string): Promise<void> {
    const sessionId = this.ids.hashSecret(sessionSecret);
    const session = await this.sessions.findSession(sessionId);
    const user = session ? await this.users.findUserById(session.userId) : null;
    if (!session || !user || user.disabled) throw unauthenticated();
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw new DomainError('unauthenticated', 'The current password is incorrect');
    }
    const newHash = await this.hasher.hash(newPassword);
    // Only over the password just verified, from a session that still exists: a reset, another
    // change or a disabling that committed meanwhile wins, and this one changes nothing.
    if (!(await this.accounts.setPassword(user.id, newHash, sessionId, user.passwordHash))) {
      throw unauthenticated();
    }
    await recordAudit(this.audit, this.clock, user.id, 'user.password_changed', `user:${user.id}`);
    this.endings.announce({
      userId: user.id,
      sessions: { kind: 'allExcept', keep: sessionId },
      reason: 'password_changed',
    });
  }

  /** Issues a one-time reset link for `userId` (admins only), replacing any unused one before it. */
  async issueResetLink(actor: User, userId: string): Promise<IssuedResetLink> {
    if (!policy.canManageUsers(actor.role)) throw forbidden('Only admins manage users');
    const user = await this.users.findUserById(userId);
    if (!user) throw notFound('User');
    if (user.disabled) throw new DomainError('conflict', 'Enable the account before sending it a reset link');
    const token = this.ids.secret();
    const now = this.clock.now();
    const expiresAt = now + RESET_LINK_TTL_MS;
    await this.accounts.putResetToken({
      tokenHash: this.ids.hashSecret(token),
      userId,
      createdAt: now,
      expiresAt,
      usedAt: null,
    });
    await recordAudit(this.audit, this.clock, actor.id, 'user.reset_link_issued', `user:${userId}`, {
      expiresAt,
    });
    return { token, expiresAt };
  }

  /** Whom a reset link is for and until when, so a page can say "already used" before a form is filled. */
  async checkResetLink(token: string): Promise<{ email: string; expiresAt: number }> {
    const found = await this.accounts.findResetToken(this.ids.hashSecret(token));
    const user = found ? await this.users.findUserById(found.userId) : null;
    if (!found || !user) throw linkError('unknown');
    if (found.usedAt !== null) throw linkError('used');
    if (found.expiresAt <= this.clock.now()) throw linkError('expired');
    if (user.disabled) throw linkError('disabled');
    return { email: user.email, expiresAt: found.expiresAt };
  }

  /** Sets the password through a reset link (once); every session of that person ends. */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    const tokenHash = this.ids.hashSecret(token);
    // Hashing costs ~50 ms: only for links that could work, so unknown tokens stay cheap.
    const found = await this.accounts.findResetToken(tokenHash);
    if (!found) throw linkError('unknown');
    const outcome = await this.accounts.completeReset(
      tokenHash,
      this.clock.now(),
      await this.hasher.hash(newPassword),
    );
    if (outcome.status !== 'reset') throw linkError(outcome.status);
    await recordAudit(
      this.audit,
      this.clock,
      outcome.userId,
      'user.password_reset',
      `user:${outcome.userId}`,
    );
    this.endings.announce({ userId: outcome.userId, sessions: { kind: 'all' }, reason: 'password_reset' });
  }
}

function linkError(status: Exclude<ResetOutcome['status'], 'reset'>): DomainError {
  switch (status) {
    case 'used':
      return new DomainError(
        'link_used',
        'This link was already used — sign in, or ask an admin for a new one',
      );
    case 'expired':
      return new DomainError('link_expired', 'This link has expired — ask an admin for a new one');
    case 'unknown':
    case 'disabled':
      return new DomainError('link_invalid', 'This link is not valid — ask an admin for a new one');
  }
}
