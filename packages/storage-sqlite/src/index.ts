import type { Storage } from '@rounds/domain';
import { join } from 'node:path';
import { startCheckpointer } from './checkpointer.ts';
import { openDatabase } from './openDatabase.ts';
import { SqliteAccountRepository } from './SqliteAccountRepository.ts';
import { SqliteAuditLog } from './SqliteAuditLog.ts';
import { SqliteCollectionRepository } from './SqliteCollectionRepository.ts';
import { SqliteDocumentStore } from './SqliteDocumentStore.ts';
import { SqliteImageRepository } from './SqliteImageRepository.ts';
import { SqlitePurgeRepository } from './SqlitePurgeRepository.ts';
import { SqliteReferenceRepository } from './SqliteReferenceRepository.ts';
import { SqliteRevisionRepository } from './SqliteRevisionRepository.ts';
import { SqliteThreadRepository } from './SqliteThreadRepository.ts';
import { SqlitePageRepository } from './SqlitePageRepository.ts';
import { SqliteSessionRepository } from './SqliteSessionRepository.ts';
import { SqliteUserRepository } from './SqliteUserRepository.ts';
import { SqliteGuidelinesRepository } from './SqliteGuidelinesRepository.ts';
import { SqliteReportRepository } from './SqliteReportRepository.ts';

export { openDatabase } from './openDatabase.ts';
export type { SqliteDatabase } from './openDatabase.ts';

/** The embedded default: everything in `<dataDir>/rounds.db`. */
export function createSqliteStorage(dataDir: string): Storage {
  const file = dataDir === ':memory:' ? ':memory:' : join(dataDir, 'rounds.db');
  const db = openDatabase(file);
  const stopCheckpointer = file === ':memory:' ? () => Promise.resolve() : startCheckpointer(db, file);
  const sessions = new SqliteSessionRepository(db);
  const audit = new SqliteAuditLog(db);
  return {
    users: new SqliteUserRepository(db),
    sessions,
    accounts: new SqliteAccountRepository(db),
    setupTokens: sessions,
    pages: new SqlitePageRepository(db),
    documents: new SqliteDocumentStore(db),
    revisions: new SqliteRevisionRepository(db, audit),
    collections: new SqliteCollectionRepository(db),
    audit,
    threads: new SqliteThreadRepository(db),
    references: new SqliteReferenceRepository(db, audit),
    images: new SqliteImageRepository(db, audit),
    guidelines: new SqliteGuidelinesRepository(db, audit),
    reports: new SqliteReportRepository(db, audit),
    purges: new SqlitePurgeRepository(db, audit, file),
    close: async () => {
      await stopCheckpointer();
      db.close();
    },
  };
}
