import type { DocumentStore } from '@rounds/domain';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { loadStoredDocument, snapshotLoads } from './replayStored.ts';

/**
 * Folds a page's update log into its snapshot by replaying it into a fresh Y.Doc from storage —
 * never one `Y.mergeUpdates` over thousands of updates, which is super-linear — and storing the
 * result atomically with the last seq it covers, once it is checked to load. Independent of the
 * live document, so it is correct whatever the live document is doing meanwhile.
 */
export async function compactDocument(pageId: string, store: DocumentStore, logger: Logger): Promise<number> {
  const pending = await store.countPendingUpdates(pageId);
  if (pending === 0) return 0;
  const { ydoc, lastSeq } = await loadStoredDocument(pageId, store, logger, null);
  try {
    const state = Y.encodeStateAsUpdate(ydoc);
    if (!snapshotLoads(state)) {
      logger.error({ pageId, upToSeq: lastSeq }, 'snapshot does not load; not stored');
      return 0;
    }
    await store.replaceSnapshot(pageId, state, lastSeq);
    return pending;
  } finally {
    ydoc.destroy();
  }
}
