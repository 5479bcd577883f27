import type { DocumentStore, NewUpdate, StoredDocument, StoredUpdate } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

interface UpdateRow {
  seq: number;
  user_id: string | null;
  data: Uint8Array;
  created_at: number;
}

/** Updates folded per transaction. */
const FOLD_CHUNK = 5_000;
const DAY_MS = 86_400_000;
const utcDay = (at: number): number => Math.floor(at / DAY_MS);

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
  private readonly foldChunk;
  private queue: QueuedAppend[] = [];

  constructor(private readonly db: SqliteDatabase) {
    this.stmts = {
      snapshot: db.prepare<[string], { state: Uint8Array; up_to_seq: number }>(
        'SELECT state, up_to_seq FROM doc_snapshots WHERE page_id = ?',
      ),
      previousSnapshot: db.prepare<
        [string],
        { previous_state: Uint8Array | null; previous_up_to_seq: number | null }
      >('SELECT previous_state, previous_up_to_seq FROM doc_snapshots WHERE page_id = ?'),
      toFold: db.prepare<
        [string, number, number],
        { seq: number; user_id: string | null; size: number; updates: number; created_at: number }
      >(
        `SELECT seq, user_id, size, updates, created_at FROM doc_updates
         WHERE page_id = ? AND seq <= ? AND data IS NOT NULL ORDER BY seq LIMIT ?`,
      ),
      revisionBoundaries: db.prepare<[string], { up_to_update_seq: number }>(
        'SELECT up_to_update_seq FROM revisions WHERE page_id = ?',
      ),
      deleteUpdate: db.prepare<[number]>('DELETE FROM doc_updates WHERE seq = ?'),
      foldRow: db.prepare<[number, number, number]>(
        'UPDATE doc_updates SET data = NULL, size = ?, updates = ? WHERE seq = ?',
      ),
      updatesAfter: db.prepare<[string, number], UpdateRow>(
        'SELECT seq, user_id, data, created_at FROM doc_updates WHERE page_id = ? AND seq > ? AND data IS NOT NULL ORDER BY seq',
      ),
      append: db.prepare<[string, string | null, number, Uint8Array, number]>(
        'INSERT INTO doc_updates (page_id, user_id, size, data, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      upsertSnapshot: db.prepare(
        `INSERT INTO doc_snapshots (page_id, state, up_to_seq, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(page_id) DO UPDATE SET
           previous_state = doc_snapshots.state, previous_up_to_seq = doc_snapshots.up_to_seq,
           state = excluded.state, up_to_seq = excluded.up_to_seq, updated_at = excluded.updated_at
         WHERE excluded.up_to_seq > doc_snapshots.up_to_seq`,
      ),
      contributors: db.prepare<[string, number, number], { user_id: string }>(
        `SELECT user_id FROM doc_updates WHERE page_id = ? AND seq > ? AND seq <= ? AND user_id IS NOT NULL
         GROUP BY user_id ORDER BY MIN(seq)`,
      ),
      purgedClients: db.prepare<[string], { client_id: number }>(
        'SELECT client_id FROM purged_clients WHERE page_id = ?',
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
    this.foldChunk = db.transaction((pageId: string, upTo: number, boundaries: Set<number>): number => {
      const rows = this.stmts.toFold.all(pageId, upTo, FOLD_CHUNK);
      let run: typeof rows = [];
      const closeRun = (): void => {
        const last = run.at(-1);
        if (!last) return;
        for (const r of run.slice(0, -1)) this.stmts.deleteUpdate.run(r.seq);
        this.stmts.foldRow.run(
          run.reduce((n, r) => n + r.size, 0),
          run.reduce((n, r) => n + r.updates, 0),
          last.seq,
        );
        run = [];
      };
      for (const row of rows) {
        const prev = run.at(-1);
        if (prev && (prev.user_id !== row.user_id || utcDay(prev.created_at) !== utcDay(row.created_at)))
          closeRun();
        run.push(row);
        // A revision's contributors are counted up to its seq: a run never crosses one.
        if (boundaries.has(row.seq)) closeRun();
      }
      // The next chunk may continue this run; it starts a new row, which only costs a row.
      closeRun();
      return rows.length;
    });
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
      const purged = this.stmts.purgedClients.all(pageId).map((r) => r.client_id);
      return {
        snapshot: snap?.state ?? null,
        snapshotSeq,
        updates,
        ...(purged.length > 0 ? { purgedClientIds: purged } : {}),
      };
    });
    return Promise.resolve(read());
  }

  loadRecovery(pageId: string, from: 'previousSnapshot' | 'log'): Promise<StoredDocument | null> {
    const read = this.db.transaction((): StoredDocument | null => {
      let snapshot: Uint8Array | null = null;
      let snapshotSeq = 0;
      if (from === 'previousSnapshot') {
        const prev = this.stmts.previousSnapshot.get(pageId);
        if (!prev?.previous_state) return null;
        snapshot = prev.previous_state;
        snapshotSeq = prev.previous_up_to_seq ?? 0;
      }
      const updates: StoredUpdate[] = this.stmts.updatesAfter
        .all(pageId, snapshotSeq)
        .map((r) => ({ seq: r.seq, userId: r.user_id, update: r.data, at: r.created_at }));
      return { snapshot, snapshotSeq, updates };
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

  async pruneFoldedUpdates(pageId: string): Promise<number> {
    // Only what the previous snapshot covers too: the log since it rebuilds a bad latest snapshot.
    const foldUpTo = this.stmts.previousSnapshot.get(pageId)?.previous_up_to_seq ?? 0;
    if (foldUpTo <= 0) return 0;
    const boundaries = new Set(this.stmts.revisionBoundaries.all(pageId).map((r) => r.up_to_update_seq));
    let folded = 0;
    // In chunks, each its own transaction on its own turn: a log of a million rows must not hold
    // the event loop (or the write lock) for seconds.
    for (;;) {
      const n = this.foldChunk(pageId, foldUpTo, boundaries);
      folded += n;
      if (n < FOLD_CHUNK) return folded;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  countPendingUpdates(pageId: string): Promise<number> {
    const snapshotSeq = this.stmts.snapshot.get(pageId)?.up_to_seq ?? 0;
    return Promise.resolve(this.stmts.pending.get(pageId, snapshotSeq)?.n ?? 0);
  }
}
