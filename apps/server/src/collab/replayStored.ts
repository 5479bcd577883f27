import type { DocumentStore, StoredDocument } from '@rounds/domain';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';

/** Log rows that fail to apply are skipped by rebuilding without them, at most this many times. */
const MAX_REBUILDS = 8;

type Replayed = { ok: true; ydoc: Y.Doc; skipped: number[] } | { ok: false; reason: string };

/**
 * Replays one stored form of a document (snapshot + log) into a fresh Y.Doc. Y.applyUpdate can
 * throw after integrating part of its input, leaving the doc damaged, so a failing log row is not
 * just skipped: the doc is rebuilt from scratch without it. A snapshot that fails fails the replay.
 */
function replay(stored: StoredDocument, origin: unknown): Replayed {
  const skip = new Set<number>();
  for (let attempt = 0; attempt <= MAX_REBUILDS; attempt++) {
    const ydoc = new Y.Doc();
    let failedSeq: number | null = null;
    let snapshotFailed = false;
    // One transaction for the whole replay (one cleanup pass instead of one per row).
    try {
      ydoc.transact(() => {
        if (stored.snapshot) {
          try {
            Y.applyUpdate(ydoc, stored.snapshot, origin);
          } catch {
            snapshotFailed = true;
            return;
          }
        }
        for (const u of stored.updates) {
          if (skip.has(u.seq)) continue;
          try {
            Y.applyUpdate(ydoc, u.update, origin);
          } catch {
            failedSeq = u.seq;
            return;
          }
        }
      }, origin);
    } catch {
      // The transaction's cleanup itself failed on what was integrated.
      ydoc.destroy();
      return { ok: false, reason: 'replay failed' };
    }
    if (snapshotFailed) {
      ydoc.destroy();
      return { ok: false, reason: 'snapshot does not load' };
    }
    if (failedSeq === null) return { ok: true, ydoc, skipped: [...skip] };
    ydoc.destroy();
    skip.add(failedSeq);
  }
  return { ok: false, reason: 'too many log rows do not load' };
}

/**
 * Loads a page's document from storage: the latest snapshot and the log after it; when that does
 * not load, the previous snapshot and the log since it; then the log alone. Every fallback is
 * logged as an error (it means damage on disk). Throws only when nothing loads.
 */
export async function loadStoredDocument(
  pageId: string,
  store: DocumentStore,
  logger: Logger,
  origin: unknown,
): Promise<{ ydoc: Y.Doc; lastSeq: number; purgedClientIds: number[] }> {
  // Read with the latest snapshot, and kept whichever source loads: a fallback must not forget them.
  let purgedClientIds: number[] = [];
  const sources: [string, () => Promise<StoredDocument | null>][] = [
    ['latest snapshot', () => store.loadDocument(pageId)],
    ['previous snapshot', () => store.loadRecovery(pageId, 'previousSnapshot')],
    ['update log', () => store.loadRecovery(pageId, 'log')],
  ];
  for (const [name, read] of sources) {
    const stored = await read();
    if (!stored) continue;
    if (stored.purgedClientIds) purgedClientIds = stored.purgedClientIds;
    const result = replay(stored, origin);
    if (result.ok) {
      if (result.skipped.length > 0)
        logger.error({ pageId, seqs: result.skipped, source: name }, 'stored updates did not load; skipped');
      if (name !== 'latest snapshot')
        logger.error({ pageId, source: name }, 'document recovered from fallback');
      return {
        ydoc: result.ydoc,
        lastSeq: stored.updates.at(-1)?.seq ?? stored.snapshotSeq,
        purgedClientIds,
      };
    }
    logger.error(
      { pageId, source: name, reason: result.reason },
      'stored document did not load; trying fallback',
    );
  }
  throw new Error('no stored form of the document loads');
}

/**
 * Whether an encoded state loads into a fresh document completely (no throw, nothing left pending):
 * checked before a snapshot replaces the log it folds.
 */
export function snapshotLoads(state: Uint8Array): boolean {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, state);
    return ydoc.store.pendingStructs === null && ydoc.store.pendingDs === null;
  } catch {
    return false;
  } finally {
    ydoc.destroy();
  }
}
