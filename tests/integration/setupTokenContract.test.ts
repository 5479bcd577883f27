import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStorage } from '@rounds/storage-sqlite';
import { setupTokenContract } from '../support/setupTokenContract.ts';

setupTokenContract('sqlite', () =>
  Promise.resolve(createSqliteStorage(mkdtempSync(join(tmpdir(), 'rounds-sqlite-')))),
);
