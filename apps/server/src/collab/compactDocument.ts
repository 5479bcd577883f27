import type { DocumentStore } from '@rounds/domain';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';

/**
 * Folds a page's update log into its snapshot by replaying it into a fresh Y.Doc from storage —
 * never one `Y.mergeUpdates` over thousands of updates, which is super-linear — and storing the
 * result atomically with the last seq it covers. Independent of the live document, so it is
 * correct whatever the live document is doing meanwhile.
 */
export async function compactDocument(pageId: string, store: DocumentStore, logger: Logger): Promise<number> {
  const stored = await store.loadDocument(pageId);
  const last = stored.updates.at(-1);
  if (!last) return 0;
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) {
        try {
          Y.applyUpdate(doc, u.update);
        } catch (err: unknown) {
          logger.error({ err, pageId, seq: u.seq }, 'stored update could not be applied during compaction');
        }
      }
    });
    await store.replaceSnapshot(pageId, Y.encodeStateAsUpdate(doc), last.seq);
    return stored.updates.length;
  } finally {
    doc.destroy();
  }
}
