import type { Storage } from '@rounds/domain';
import { join } from 'node:path';
import { openDatabase } from './openDatabase.ts';
import { SqliteDocumentStore } from './SqliteDocumentStore.ts';
import { SqlitePageRepository } from './SqlitePageRepository.ts';
import { SqliteSessionRepository } from './SqliteSessionRepository.ts';
import { SqliteUserRepository } from './SqliteUserRepository.ts';

export { openDatabase } from './openDatabase.ts';
export type { SqliteDatabase } from './openDatabase.ts';

/** The embedded default: everything in `<dataDir>/rounds.db`. */
export function createSqliteStorage(dataDir: string): Storage {
  const db = openDatabase(dataDir === ':memory:' ? ':memory:' : join(dataDir, 'rounds.db'));
  const sessions = new SqliteSessionRepository(db);
  return {
    users: new SqliteUserRepository(db),
    sessions,
    setupTokens: sessions,
    pages: new SqlitePageRepository(db),
    documents: new SqliteDocumentStore(db),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}
