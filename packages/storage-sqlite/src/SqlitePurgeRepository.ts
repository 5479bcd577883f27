import { readFileSync } from 'node:fs';
import {
  DomainError,
  type PagePurge,
  type PurgeCounts,
  type PurgeRepository,
  type RevisionContent,
  type TextPredicates,
  type DiskScrub,
  type DiskScrubFollowUp,
} from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';
import type { SqliteAuditLog } from './SqliteAuditLog.ts';

/**
 * Every other column of a page's rows that can hold text someone typed or quoted, with how to
 * find the page's rows. Plain text is scrubbed as a string, JSON as JSON (strings inside it).
 * A table added later that holds page text belongs here.
 */
const SCRUBBED: { table: string; column: string; json: boolean; scope: string }[] = [
  { table: 'pages', column: 'title', json: false, scope: 'id = @pageId' },
  { table: 'revisions', column: 'message', json: false, scope: 'page_id = @pageId' },
  { table: 'revisions', column: 'title', json: false, scope: 'page_id = @pageId' },
  {
    table: 'revision_digests',
    column: 'digest',
    json: true,
    scope: 'revision_id IN (SELECT id FROM revisions WHERE page_id = @pageId)',
  },
  {
    table: 'revision_references',
    column: 'csl',
    json: true,
    scope: 'revision_id IN (SELECT id FROM revisions WHERE page_id = @pageId)',
  },
  { table: 'page_references', column: 'csl', json: true, scope: 'page_id = @pageId' },
  {
    table: 'reviews',
    column: 'comment',
    json: false,
    scope: 'revision_id IN (SELECT id FROM revisions WHERE page_id = @pageId)',
  },
  { table: 'threads', column: 'quote', json: false, scope: 'page_id = @pageId' },
  {
    table: 'thread_comments',
    column: 'body',
    json: false,
    scope: 'thread_id IN (SELECT id FROM threads WHERE page_id = @pageId)',
  },
  {
    table: 'thread_comments',
    column: 'hidden_reason',
    json: false,
    scope: 'thread_id IN (SELECT id FROM threads WHERE page_id = @pageId)',
  },
  // A report of patient information often quotes it.
  { table: 'reports', column: 'note', json: false, scope: 'page_id = @pageId' },
  { table: 'reports', column: 'quote', json: false, scope: 'page_id = @pageId' },
  { table: 'reports', column: 'resolution_reason', json: false, scope: 'page_id = @pageId' },
  { table: 'images', column: 'attribution', json: false, scope: 'page_id = @pageId' },
];

/** How long a purge waits for readers holding an old snapshot before it answers (pending). */
const SCRUB_WAIT_MS = 3_000;
/** Then the WAL truncate is retried this often, in the background, until it succeeds. */
const SCRUB_RETRY_MS = 1_000;

/**
 * Purges in SQLite. The transaction runs with `secure_delete` on, so every cell and page it frees
 * is zeroed; `scrubDisk` then checkpoints and truncates the WAL (which still holds the old page
 * images) and, only if freed space from before still holds the text, rebuilds the file (VACUUM).
 */
export class SqlitePurgeRepository implements PurgeRepository {
  private readonly stmts;
  private readonly scrubbers;
  private readonly purgeTx;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: SqliteAuditLog,
    private readonly file: string,
  ) {
    this.stmts = {
      revisionIds: db.prepare<[string], { id: string }>(
        'SELECT id FROM revisions WHERE page_id = ? ORDER BY seq',
      ),
      revisionContent: db.prepare<[string], { id: string; doc: string; yjs_state: Uint8Array }>(
        'SELECT id, doc, yjs_state FROM revisions WHERE id = ?',
      ),
      dropUpdateBytes: db.prepare<[string]>(
        'UPDATE doc_updates SET data = NULL WHERE page_id = ? AND data IS NOT NULL',
      ),
      lastSeq: db.prepare<[string], { seq: number | null }>(
        'SELECT MAX(seq) AS seq FROM doc_updates WHERE page_id = ?',
      ),
      snapshotSeq: db.prepare<[string], { up_to_seq: number }>(
        'SELECT up_to_seq FROM doc_snapshots WHERE page_id = ?',
      ),
      putSnapshot: db.prepare(
        `INSERT INTO doc_snapshots (page_id, state, up_to_seq, updated_at, previous_state, previous_up_to_seq)
         VALUES (@pageId, @state, @upToSeq, @at, NULL, NULL)
         ON CONFLICT(page_id) DO UPDATE SET state = excluded.state, up_to_seq = excluded.up_to_seq,
           updated_at = excluded.updated_at, previous_state = NULL, previous_up_to_seq = NULL`,
      ),
      banClient: db.prepare<[string, number]>(
        'INSERT OR IGNORE INTO purged_clients (page_id, client_id) VALUES (?, ?)',
      ),
      rewriteRevision: db.prepare(
        `UPDATE revisions SET doc = @doc, text = @text, blocks = @blocks, yjs_state = @yjsState
         WHERE id = @id AND page_id = @pageId`,
      ),
      snapshots: db.prepare<[string], { state: Uint8Array; previous_state: Uint8Array | null }>(
        'SELECT state, previous_state FROM doc_snapshots WHERE page_id = ?',
      ),
      logRows: db.prepare<[string], { data: Uint8Array }>(
        'SELECT data FROM doc_updates WHERE page_id = ? AND data IS NOT NULL ORDER BY seq',
      ),
      pageSlugs: db.prepare<[string], { title: string; slug: string; published_slug: string | null }>(
        'SELECT title, slug, published_slug FROM pages WHERE id = ?',
      ),
      formerSlugs: db.prepare<[string], { slug: string }>(
        'SELECT slug FROM page_slug_history WHERE page_id = ?',
      ),
      dropFormerSlug: db.prepare<[string]>('DELETE FROM page_slug_history WHERE slug = ?'),
      slugTaken: db.prepare<{ slug: string; pageId: string }, { n: number }>(
        `SELECT 1 AS n FROM pages WHERE id != @pageId AND (slug = @slug OR published_slug = @slug)
         UNION ALL SELECT 1 FROM page_slug_history WHERE slug = @slug
         LIMIT 1`,
      ),
      setSlugs: db.prepare(
        'UPDATE pages SET slug = @slug, published_slug = @publishedSlug WHERE id = @pageId',
      ),
      markPurged: db.prepare<[string, number]>(
        `INSERT INTO revision_purges (revision_id, purged_at) VALUES (?, ?)
         ON CONFLICT (revision_id) DO UPDATE SET purged_at = excluded.purged_at`,
      ),
    };
    this.scrubbers = SCRUBBED.map((s) => ({
      ...s,
      find: db.prepare<{ pageId: string }, { k: number; v: string }>(
        `SELECT rowid AS k, ${s.column} AS v FROM ${s.table} WHERE ${s.scope} AND ${s.column} IS NOT NULL`,
      ),
      update: db.prepare<[string, number]>(`UPDATE ${s.table} SET ${s.column} = ? WHERE rowid = ?`),
    }));
    this.purgeTx = db.transaction((purge: PagePurge): PurgeCounts => {
      const { pageId } = purge;
      const examined = new Set(purge.examinedRevisionIds);
      if (this.stmts.revisionIds.all(pageId).some((r) => !examined.has(r.id)))
        throw new DomainError('conflict', 'A revision was submitted while purging; purge again');
      const updatesRewritten = this.stmts.dropUpdateBytes.run(pageId).changes;
      // The snapshot covers every seq the page has: rows keep their attribution, never their bytes.
      const upToSeq = Math.max(
        this.stmts.lastSeq.get(pageId)?.seq ?? 0,
        this.stmts.snapshotSeq.get(pageId)?.up_to_seq ?? 0,
      );
      this.stmts.putSnapshot.run({ pageId, state: purge.draft, upToSeq, at: purge.purgedAt });
      for (const client of purge.replacedClientIds) this.stmts.banClient.run(pageId, client);
      for (const { id, content } of purge.revisions) {
        this.stmts.rewriteRevision.run({
          id,
          pageId,
          doc: JSON.stringify(content.doc),
          text: content.text,
          blocks: JSON.stringify(content.blocks),
          yjsState: content.yjsState,
        });
        this.stmts.markPurged.run(id, purge.purgedAt);
      }
      let fieldsScrubbed = this.reslug(purge);
      for (const s of this.scrubbers) {
        for (const row of this.rowsHolding(s, pageId, purge.holds)) {
          s.update.run(s.json ? purge.purgeJsonText(row.v) : purge.purgeString(row.v), row.k);
          fieldsScrubbed++;
        }
      }
      const counts = { updatesRewritten, revisionsPurged: purge.revisions.length, fieldsScrubbed };
      this.audit.appendWithin(purge.audit(counts));
      return counts;
    });
  }

  /**
   * Inside the purge's transaction, after nothing else: when a slug of the page holds the text as
   * whole words, the page takes a fresh slug from its (cleaned) title, a published slug holding it
   * becomes that slug too, and former slugs holding it are dropped (they stop resolving).
   */
  private reslug(purge: PagePurge): number {
    const part = purge.slugPart;
    if (part === null) return 0;
    const holds = (slug: string | null): boolean => slug !== null && `-${slug}-`.includes(`-${part}-`);
    const row = this.stmts.pageSlugs.get(purge.pageId);
    if (!row) return 0;
    let changed = 0;
    for (const former of this.stmts.formerSlugs.all(purge.pageId))
      if (holds(former.slug)) changed += this.stmts.dropFormerSlug.run(former.slug).changes;
    if (!holds(row.slug) && !holds(row.published_slug)) return changed;
    let slug = row.slug;
    if (holds(row.slug) || holds(row.published_slug)) {
      const base = purge.slugFor(purge.purgeString(row.title));
      slug = base;
      for (let n = 2; holds(slug) || this.stmts.slugTaken.get({ slug, pageId: purge.pageId }); n++)
        slug = holds(base) ? `page-${n}` : `${base}-${n}`;
    }
    this.stmts.setSlugs.run({
      pageId: purge.pageId,
      slug: holds(row.slug) ? slug : row.slug,
      publishedSlug: holds(row.published_slug) ? slug : row.published_slug,
    });
    return changed + 1;
  }

  revisionIds(pageId: string): Promise<string[]> {
    return Promise.resolve(this.stmts.revisionIds.all(pageId).map((r) => r.id));
  }

  revisionContent(revisionId: string): Promise<RevisionContent | null> {
    const row = this.stmts.revisionContent.get(revisionId);
    return Promise.resolve(
      row ? { id: row.id, doc: JSON.parse(row.doc) as unknown, yjsState: row.yjs_state } : null,
    );
  }

  otherTextHolds(pageId: string, holds: TextPredicates): Promise<boolean> {
    return Promise.resolve(this.scrubbers.some((s) => this.rowsHolding(s, pageId, holds).length > 0));
  }

  logUpdates(pageId: string): Promise<Uint8Array[]> {
    const snapshot = this.stmts.snapshots.get(pageId);
    const states = snapshot ? [snapshot.previous_state, snapshot.state] : [];
    return Promise.resolve([
      ...states.filter((s): s is Uint8Array => s !== null),
      ...this.stmts.logRows.all(pageId).map((r) => r.data),
    ]);
  }

  /**
   * The page's rows of a scrubbed column whose decoded value holds the text: every row of the
   * page is read (a look-alike, "é" decomposed or a zero-width space inside, escapes SQL's
   * \`instr\`), JSON parsed and only its string values checked, so its syntax is never a match.
   */
  private rowsHolding(
    s: (typeof this.scrubbers)[number],
    pageId: string,
    holds: TextPredicates,
  ): { k: number; v: string }[] {
    return s.find.all({ pageId }).filter((row) => (s.json ? holds.json(row.v) : holds.text(row.v)));
  }

  purgePage(purge: PagePurge): Promise<PurgeCounts> {
    const before = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = ON');
    try {
      return Promise.resolve(this.purgeTx.immediate(purge));
    } finally {
      this.db.pragma(`secure_delete = ${before}`);
    }
  }

  async scrubDisk(text: string, later: DiskScrubFollowUp): Promise<DiskScrub> {
    const started = performance.now();
    if (this.file === ':memory:') return { vacuumed: false, ms: 0, pending: false };
    const done = await this.finishScrub(text, SCRUB_WAIT_MS);
    if (done) return { ...done, ms: Math.round(performance.now() - started), pending: false };
    // A reader holds an old snapshot (a backup, a shell): the purge has committed, the file's
    // bytes wait for it. Retried in the background until the WAL truncates, then audited.
    void this.retryScrub(text, later, started);
    return { vacuumed: false, ms: Math.round(performance.now() - started), pending: true };
  }

  private async retryScrub(text: string, later: DiskScrubFollowUp, started: number): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, SCRUB_RETRY_MS).unref());
      let done: { vacuumed: boolean } | null;
      try {
        if (!this.db.open) return;
        done = await this.finishScrub(text, 0);
      } catch {
        done = null;
      }
      if (!done) continue;
      const ms = Math.round(performance.now() - started);
      try {
        this.db.transaction(() => this.audit.appendWithin(later({ ...done, ms })))();
      } catch {
        // Closed meanwhile: the bytes are gone, the entry is not written.
      }
      return;
    }
  }

  /** Truncates the WAL and, if the file still holds the text, VACUUMs; null when a reader blocks it. */
  private async finishScrub(text: string, waitMs: number): Promise<{ vacuumed: boolean } | null> {
    if (!(await this.truncateWal(waitMs))) return null;
    // Space freed before this purge (folded log rows, replaced snapshots) was not zeroed then.
    if (!fileHolds(this.file, text)) return { vacuumed: false };
    const before = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = ON');
    try {
      this.db.exec('VACUUM');
    } finally {
      this.db.pragma(`secure_delete = ${before}`);
    }
    return (await this.truncateWal(waitMs)) ? { vacuumed: true } : null;
  }

  /**
   * Copies the WAL into the file and truncates it; retried for up to `waitMs` while a reader holds
   * an old snapshot. Never waits in SQLite's busy handler (that would hold the event loop).
   */
  private async truncateWal(waitMs: number): Promise<boolean> {
    const deadline = performance.now() + waitMs;
    for (;;) {
      const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
      this.db.pragma('busy_timeout = 0');
      let busy: number | undefined;
      try {
        busy = (this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy;
      } finally {
        this.db.pragma(`busy_timeout = ${timeout}`);
      }
      if (busy === 0) return true;
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function fileHolds(file: string, text: string): boolean {
  try {
    return readFileSync(file).includes(Buffer.from(text, 'utf8'));
  } catch {
    return false;
  }
}
