import type { DocumentStore, NewUpdate, StoredDocument, StoredUpdate } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

interface UpdateRow {
  seq: number;
  user_id: string | null;
  data: Uint8Array;
  created_at: number;
}

interface QueuedAppend {
  pageId: string;
  updates: NewUpdate[];
  resolve: (seqs: number[]) => void;
  reject: (err: unknown) => void;
}

/**
 * The update log and snapshots in SQLite.
 *
 * Appends are group-committed: every append requested in the same synchronous run (the collab
 * server flushes all pages with changes together at the end of a turn) is written in a single
 * transaction in the following microtask, and each caller's promise resolves only after that
 * commit. Under load this turns many commits into one, which is most of the write cost.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly stmts;
  private readonly appendAll;
  private readonly replace;
  private queue: QueuedAppend[] = [];

  constructor(private readonly db: SqliteDatabase) {
    this.stmts = {
      snapshot: db.prepare<[string], { state: Uint8Array; up_to_seq: number }>(
        'SELECT state, up_to_seq FROM doc_snapshots WHERE page_id = ?',
      ),
      updatesAfter: db.prepare<[string, number], UpdateRow>(
        'SELECT seq, user_id, data, created_at FROM doc_updates WHERE page_id = ? AND seq > ? AND data IS NOT NULL ORDER BY seq',
      ),
      append: db.prepare<[string, string | null, number, Uint8Array, number]>(
        'INSERT INTO doc_updates (page_id, user_id, size, data, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      upsertSnapshot: db.prepare(
        `INSERT INTO doc_snapshots (page_id, state, up_to_seq, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(page_id) DO UPDATE SET state = excluded.state, up_to_seq = excluded.up_to_seq, updated_at = excluded.updated_at
         WHERE excluded.up_to_seq > doc_snapshots.up_to_seq`,
      ),
      foldUpdates: db.prepare(
        'UPDATE doc_updates SET data = NULL WHERE page_id = ? AND seq <= ? AND data IS NOT NULL',
      ),
      contributors: db.prepare<[string, number, number], { user_id: string }>(
        `SELECT user_id FROM doc_updates WHERE page_id = ? AND seq > ? AND seq <= ? AND user_id IS NOT NULL
         GROUP BY user_id ORDER BY MIN(seq)`,
      ),
      pending: db.prepare<[string, number], { n: number }>(
        'SELECT COUNT(*) AS n FROM doc_updates WHERE page_id = ? AND seq > ? AND data IS NOT NULL',
      ),
    };
    this.appendAll = db.transaction((batch: QueuedAppend[]): number[][] =>
      batch.map(({ pageId, updates }) =>
        updates.map((u) =>
          Number(
            this.stmts.append.run(pageId, u.userId, u.update.byteLength, u.update, u.at).lastInsertRowid,
          ),
        ),
      ),
    );
    this.replace = db.transaction((pageId: string, state: Uint8Array, upToSeq: number) => {
      const current = this.stmts.snapshot.get(pageId);
      if (current && current.up_to_seq >= upToSeq) return;
      this.stmts.upsertSnapshot.run(pageId, state, upToSeq, Date.now());
    });
  }

  loadDocument(pageId: string): Promise<StoredDocument> {
    const read = this.db.transaction((): StoredDocument => {
      const snap = this.stmts.snapshot.get(pageId);
      const snapshotSeq = snap?.up_to_seq ?? 0;
      const updates: StoredUpdate[] = this.stmts.updatesAfter
        .all(pageId, snapshotSeq)
        .map((r) => ({ seq: r.seq, userId: r.user_id, update: r.data, at: r.created_at }));
      return { snapshot: snap?.state ?? null, snapshotSeq, updates };
    });
    return Promise.resolve(read());
  }

  appendUpdates(pageId: string, updates: NewUpdate[]): Promise<number[]> {
    if (updates.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) queueMicrotask(() => this.commitQueued());
      this.queue.push({ pageId, updates, resolve, reject });
    });
  }

  private commitQueued(): void {
    const batch = this.queue;
    this.queue = [];
    let seqs: number[][];
    try {
      seqs = this.appendAll.immediate(batch);
    } catch (err: unknown) {
      batch.forEach((q) => q.reject(err));
      return;
    }
    batch.forEach((q, i) => q.resolve(seqs[i] ?? []));
  }

  replaceSnapshot(pageId: string, state: Uint8Array, upToSeq: number): Promise<void> {
    this.replace.immediate(pageId, state, upToSeq);
    return Promise.resolve();
  }

  contributorsBetween(pageId: string, afterSeq: number, upToSeq: number): Promise<string[]> {
    return Promise.resolve(this.stmts.contributors.all(pageId, afterSeq, upToSeq).map((r) => r.user_id));
  }

  pruneFoldedUpdates(pageId: string): Promise<number> {
    const snapshotSeq = this.stmts.snapshot.get(pageId)?.up_to_seq ?? 0;
    return Promise.resolve(this.stmts.foldUpdates.run(pageId, snapshotSeq).changes);
  }

  countPendingUpdates(pageId: string): Promise<number> {
    const snapshotSeq = this.stmts.snapshot.get(pageId)?.up_to_seq ?? 0;
    return Promise.resolve(this.stmts.pending.get(pageId, snapshotSeq)?.n ?? 0);
  }
}
