import type { Session, SessionRepository, SetupTokenRepository } from '@rounds/domain';
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

  constructor(private readonly db: SqliteDatabase) {
    this.stmts = {
      insert: db.prepare('INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)'),
      find: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
      touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM sessions WHERE id = ?'),
      deleteOfUser: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      deleteExpired: db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?'),
      putToken: db.prepare('INSERT OR REPLACE INTO setup_tokens (token_hash, expires_at) VALUES (?, ?)'),
      takeToken: db.prepare<[string], { expires_at: number }>(
        'DELETE FROM setup_tokens WHERE token_hash = ? RETURNING expires_at',
      ),
    };
  }

  insertSession(s: Session): Promise<void> {
    this.stmts.insert.run(s.id, s.userId, s.createdAt, s.lastSeenAt);
    return Promise.resolve();
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

  deleteSessionsOfUser(userId: string): Promise<void> {
    this.stmts.deleteOfUser.run(userId);
    return Promise.resolve();
  }

  deleteExpiredSessions(idleBefore: number, createdBefore: number): Promise<number> {
    return Promise.resolve(this.stmts.deleteExpired.run(idleBefore, createdBefore).changes);
  }

  putSetupToken(tokenHash: string, expiresAt: number): Promise<void> {
    this.stmts.putToken.run(tokenHash, expiresAt);
    return Promise.resolve();
  }

  consumeSetupToken(tokenHash: string, now: number): Promise<boolean> {
    const row = this.stmts.takeToken.get(tokenHash);
    return Promise.resolve(row !== undefined && row.expires_at > now);
  }
}
