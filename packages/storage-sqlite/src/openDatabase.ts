import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.ts';

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed) the Rounds database: WAL journal, synchronous=NORMAL (survives a
 * process crash; FULL would also survive power loss at a higher fsync cost), WAL bounded after
 * checkpoints, foreign keys on, then applies pending migrations.
 */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // After each checkpoint SQLite truncates the WAL back to this size: a burst of writes (or an
  // attack) must not leave a WAL hundreds of megabytes large for good.
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  migrate(db);
  return db;
}

function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
