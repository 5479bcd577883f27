import type {
  Session,
  SessionCredential,
  SessionRepository,
  SetupOutcome,
  SetupTokenRepository,
  StartedSession,
  User,
} from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

interface SessionRow {
  id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
}

/** Sessions and one-time setup tokens: both are hashed secrets with an expiry. */
export class SqliteSessionRepository implements SessionRepository, SetupTokenRepository {
  private readonly stmts;
  private readonly replaceToken: (tokenHash: string, expiresAt: number) => void;
  private readonly setupTx: { immediate(tokenHash: string, now: number, admin: User): SetupOutcome };
  private readonly startTx: {
    immediate(s: Session, credential: SessionCredential, keepNewest: number): StartedSession;
  };

  constructor(private readonly db: SqliteDatabase) {
    this.stmts = {
      insert: db.prepare('INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)'),
      // The verified credential is re-checked by the insert itself, under the write lock.
      insertIfCurrent: db.prepare(
        `INSERT INTO sessions (id, user_id, created_at, last_seen_at)
         SELECT @id, id, @createdAt, @lastSeenAt FROM users
         WHERE id = @userId AND password_hash = @passwordHash AND role = @role AND disabled = 0`,
      ),
      evictOldest: db.prepare<[string, string, number], { id: string }>(
        `DELETE FROM sessions WHERE user_id = ? AND id NOT IN
           (SELECT id FROM sessions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)
         RETURNING id`,
      ),
      find: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
      touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM sessions WHERE id = ?'),
      deleteOfUser: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      deleteOfUserExcept: db.prepare('DELETE FROM sessions WHERE user_id = ? AND id <> ?'),
      deleteExpired: db.prepare<[number, number], { id: string; user_id: string }>(
        'DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ? RETURNING id, user_id',
      ),
      deleteTokens: db.prepare('DELETE FROM setup_tokens'),
      putToken: db.prepare('INSERT INTO setup_tokens (token_hash, expires_at) VALUES (?, ?)'),
      takeToken: db.prepare<[string], { expires_at: number }>(
        'DELETE FROM setup_tokens WHERE token_hash = ? RETURNING expires_at',
      ),
      anyUser: db.prepare<[], { one: number }>('SELECT 1 AS one FROM users LIMIT 1'),
      insertFirstUser: db.prepare(
        `INSERT INTO users (id, email, name, role, password_hash, disabled, created_at)
         SELECT @id, @email, @name, @role, @passwordHash, @disabled, @createdAt
         WHERE NOT EXISTS (SELECT 1 FROM users)`,
      ),
    };
    this.replaceToken = db.transaction((tokenHash: string, expiresAt: number) => {
      this.stmts.deleteTokens.run();
      this.stmts.putToken.run(tokenHash, expiresAt);
    });
    this.startTx = db.transaction(
      (session: Session, credential: SessionCredential, keepNewest: number): StartedSession => {
        const info = this.stmts.insertIfCurrent.run({ ...session, ...credential });
        if (info.changes !== 1) return { inserted: false };
        const evicted = this.stmts.evictOldest.all(session.userId, session.userId, keepNewest);
        return { inserted: true, evicted: evicted.map((r) => r.id) };
      },
    );
    // IMMEDIATE takes the write lock up front: two processes sharing the file cannot both read
    // "no users" and then both insert.
    this.setupTx = db.transaction((tokenHash: string, now: number, admin: User): SetupOutcome => {
      if (this.stmts.anyUser.get()) return 'already_set_up';
      const token = this.stmts.takeToken.get(tokenHash);
      if (!token || token.expires_at <= now) return 'invalid_token';
      const info = this.stmts.insertFirstUser.run({ ...admin, disabled: admin.disabled ? 1 : 0 });
      if (info.changes !== 1) throw new Error('first user not inserted');
      // The link has done its job; no other may linger.
      this.stmts.deleteTokens.run();
      return 'created';
    });
  }

  insertSession(s: Session): Promise<void> {
    this.stmts.insert.run(s.id, s.userId, s.createdAt, s.lastSeenAt);
    return Promise.resolve();
  }

  insertSessionIfCurrent(
    session: Session,
    credential: SessionCredential,
    keepNewest: number,
  ): Promise<StartedSession> {
    return Promise.resolve(this.startTx.immediate(session, credential, keepNewest));
  }

  findSession(id: string): Promise<Session | null> {
    const r = this.stmts.find.get(id);
    return Promise.resolve(
      r ? { id: r.id, userId: r.user_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at } : null,
    );
  }

  touchSession(id: string, lastSeenAt: number): Promise<void> {
    this.stmts.touch.run(lastSeenAt, id);
    return Promise.resolve();
  }

  deleteSession(id: string): Promise<void> {
    this.stmts.delete.run(id);
    return Promise.resolve();
  }

  deleteSessionsOfUser(userId: string, exceptId?: string): Promise<void> {
    if (exceptId === undefined) this.stmts.deleteOfUser.run(userId);
    else this.stmts.deleteOfUserExcept.run(userId, exceptId);
    return Promise.resolve();
  }

  deleteExpiredSessions(
    idleBefore: number,
    createdBefore: number,
  ): Promise<{ id: string; userId: string }[]> {
    const rows = this.stmts.deleteExpired.all(idleBefore, createdBefore);
    return Promise.resolve(rows.map((r) => ({ id: r.id, userId: r.user_id })));
  }

  putSetupToken(tokenHash: string, expiresAt: number): Promise<void> {
    this.replaceToken(tokenHash, expiresAt);
    return Promise.resolve();
  }

  consumeSetupToken(tokenHash: string, now: number): Promise<boolean> {
    const row = this.stmts.takeToken.get(tokenHash);
    return Promise.resolve(row !== undefined && row.expires_at > now);
  }

  completeSetup(tokenHash: string, now: number, admin: User): Promise<SetupOutcome> {
    return Promise.resolve(this.setupTx.immediate(tokenHash, now, admin));
  }
}
