import type { AccountRepository, PasswordResetToken, ResetOutcome } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

interface TokenRow {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

const toToken = (r: TokenRow): PasswordResetToken => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});

/**
 * Password changes and reset links; each change of a password ends sessions and deletes unused
 * reset links in the same transaction.
 */
export class SqliteAccountRepository implements AccountRepository {
  private readonly stmts;
  private readonly setPasswordTx: {
    immediate(userId: string, hash: string, keep: string | null, previous: string): boolean;
  };
  private readonly putTokenTx: (token: PasswordResetToken) => void;
  private readonly resetTx: { immediate(tokenHash: string, now: number, hash: string): ResetOutcome };

  constructor(db: SqliteDatabase) {
    this.stmts = {
      setHash: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      // Compare-and-set over the hash that was verified: a change or reset committed meanwhile wins.
      setHashIf: db.prepare(
        'UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ? AND disabled = 0',
      ),
      sessionOf: db.prepare<[string, string], { one: number }>(
        'SELECT 1 AS one FROM sessions WHERE id = ? AND user_id = ?',
      ),
      deleteSessions: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      deleteOtherSessions: db.prepare('DELETE FROM sessions WHERE user_id = ? AND id <> ?'),
      deleteUnused: db.prepare('DELETE FROM password_reset_tokens WHERE user_id = ? AND used_at IS NULL'),
      insertToken: db.prepare(
        `INSERT INTO password_reset_tokens (token_hash, user_id, created_at, expires_at, used_at)
         VALUES (@tokenHash, @userId, @createdAt, @expiresAt, @usedAt)`,
      ),
      findToken: db.prepare<[string], TokenRow>('SELECT * FROM password_reset_tokens WHERE token_hash = ?'),
      userDisabled: db.prepare<[string], { disabled: number }>('SELECT disabled FROM users WHERE id = ?'),
      markUsed: db.prepare(
        'UPDATE password_reset_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL',
      ),
    };
    this.setPasswordTx = db.transaction(
      (userId: string, hash: string, keep: string | null, previous: string): boolean => {
        if (keep !== null && !this.stmts.sessionOf.get(keep, userId)) return false;
        if (this.stmts.setHashIf.run(hash, userId, previous).changes !== 1) return false;
        if (keep === null) this.stmts.deleteSessions.run(userId);
        else this.stmts.deleteOtherSessions.run(userId, keep);
        // A link issued before the change must not undo it.
        this.stmts.deleteUnused.run(userId);
        return true;
      },
    );
    this.putTokenTx = db.transaction((token: PasswordResetToken) => {
      this.stmts.deleteUnused.run(token.userId);
      this.stmts.insertToken.run(token);
    });
    // IMMEDIATE: of two requests racing with one link, one marks it used and the other sees that.
    this.resetTx = db.transaction((tokenHash: string, now: number, hash: string): ResetOutcome => {
      const row = this.stmts.findToken.get(tokenHash);
      if (!row) return { status: 'unknown' };
      if (row.used_at !== null) return { status: 'used' };
      if (row.expires_at <= now) return { status: 'expired' };
      const user = this.stmts.userDisabled.get(row.user_id);
      if (!user || user.disabled === 1) return { status: 'disabled' };
      if (this.stmts.markUsed.run(now, tokenHash).changes !== 1) return { status: 'used' };
      this.stmts.setHash.run(hash, row.user_id);
      this.stmts.deleteSessions.run(row.user_id);
      this.stmts.deleteUnused.run(row.user_id);
      return { status: 'reset', userId: row.user_id };
    });
  }

  setPassword(
    userId: string,
    passwordHash: string,
    keepSessionId: string | null,
    previousHash: string,
  ): Promise<boolean> {
    return Promise.resolve(this.setPasswordTx.immediate(userId, passwordHash, keepSessionId, previousHash));
  }

  putResetToken(token: PasswordResetToken): Promise<void> {
    this.putTokenTx(token);
    return Promise.resolve();
  }

  findResetToken(tokenHash: string): Promise<PasswordResetToken | null> {
    const row = this.stmts.findToken.get(tokenHash);
    return Promise.resolve(row ? toToken(row) : null);
  }

  completeReset(tokenHash: string, now: number, passwordHash: string): Promise<ResetOutcome> {
    return Promise.resolve(this.resetTx.immediate(tokenHash, now, passwordHash));
  }
}
