import type { Storage } from '@rounds/domain';
import { describe } from 'vitest';
import { accountsContract } from './storageContract/accounts.ts';
import { documentsContract } from './storageContract/documents.ts';
import { imagesContract } from './storageContract/images.ts';
import { pagesContract } from './storageContract/pages.ts';
import { revisionsContract } from './storageContract/revisions.ts';
import { professionalismContract } from './storageContract/professionalism.ts';

/** One contract for every storage adapter (SQLite now, PostgreSQL with scale-out), in parts by port. */
export function storageContract(name: string, open: () => Promise<Storage>): void {
  describe(`storage contract: ${name}`, () => {
    accountsContract(open);
    pagesContract(open);
    documentsContract(open);
    revisionsContract(open);
    imagesContract(open);
    professionalismContract(open);
  });
}
