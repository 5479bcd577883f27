import type { Page, PageRepository } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

interface PageRow {
  id: string;
  slug: string;
  title: string;
  created_by: string;
  created_at: number;
  updated_at: number;
  collection_id: string | null;
  published_revision_id: string | null;
  published_at: number | null;
  archived_at: number | null;
  published_title: string | null;
  published_slug: string | null;
}

/** Every page read joins its published revision's title (what learners read). */
const SELECT_PAGE = `SELECT p.*, r.title AS published_title FROM pages p
  LEFT JOIN revisions r ON r.id = p.published_revision_id`;

const toPage = (r: PageRow): Page => ({
  id: r.id,
  slug: r.slug,
  title: r.title,
  publishedTitle: r.published_title,
  publishedSlug: r.published_slug,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  collectionId: r.collection_id,
  publishedRevisionId: r.published_revision_id,
  publishedAt: r.published_at,
  archivedAt: r.archived_at,
});

/**
 * Draft-only former slugs kept per page (most recent first): older ones stop resolving. Former
 * slugs that were published are all kept.
 */
export const MAX_FORMER_SLUGS = 20;

export class SqlitePageRepository implements PageRepository {
  private readonly stmts;
  private readonly rename: (id: string, title: string, slug: string, at: number) => boolean;
  private readonly insert: (page: Page) => void;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      insert: db.prepare(
        'INSERT INTO pages (id, slug, title, created_by, created_at, updated_at) VALUES (@id, @slug, @title, @createdBy, @createdAt, @updatedAt)',
      ),
      find: db.prepare<[string], PageRow>(`${SELECT_PAGE} WHERE p.id = ?`),
      all: db.prepare<[], PageRow>(`${SELECT_PAGE} ORDER BY p.updated_at DESC`),
      bySlug: db.prepare<[string], PageRow>(`${SELECT_PAGE} WHERE p.slug = ?`),
      byFormerSlug: db.prepare<[string], PageRow>(
        `${SELECT_PAGE} WHERE p.id = (SELECT page_id FROM page_slug_history WHERE slug = ?)`,
      ),
      // What readers may follow: the published slug, else a former slug that was once published.
      byPublishedSlug: db.prepare<[string], PageRow>(`${SELECT_PAGE} WHERE p.published_slug = ?`),
      byFormerPublishedSlug: db.prepare<[string], PageRow>(
        `${SELECT_PAGE} WHERE p.id = (SELECT page_id FROM page_slug_history WHERE slug = ? AND was_published = 1)`,
      ),
      // Taken for every other page: its live slug, its published slug, and every slug it ever
      // published (learners' old links follow those). A draft-only former slug (an alias) gives
      // way to a page that wants it; the slug learners follow to a page never names another one.
      slug: db.prepare<{ slug: string; id: string }, { one: number }>(
        `SELECT 1 AS one FROM pages WHERE (slug = @slug OR published_slug = @slug) AND id <> @id
         UNION ALL
         SELECT 1 FROM page_slug_history WHERE slug = @slug AND was_published = 1 AND page_id <> @id
         LIMIT 1`,
      ),
      // Only a draft-only alias leaves the history: another page's (the check above let it through)
      // or the page's own (renaming back). The page's own published former slug stays, marked, so
      // it keeps resolving for readers and stays published when the page is renamed away again.
      dropAlias: db.prepare<[string]>('DELETE FROM page_slug_history WHERE slug = ? AND was_published = 0'),
      // The bound is on draft-only aliases; a published former slug is never trimmed (there is
      // one per publication, so review bounds them).
      trimAliases: db.prepare(
        `DELETE FROM page_slug_history WHERE page_id = @id AND was_published = 0 AND slug NOT IN (
           SELECT slug FROM page_slug_history WHERE page_id = @id AND was_published = 0
           ORDER BY retired_at DESC, rowid DESC LIMIT @keep)`,
      ),
      touch: db.prepare('UPDATE pages SET updated_at = MAX(updated_at, ?) WHERE id = ?'),
      setCollection: db.prepare('UPDATE pages SET collection_id = ? WHERE id = ?'),
      // Once published, always marked published (a slug renamed back to and away again).
      retireSlug: db.prepare(
        `INSERT INTO page_slug_history (slug, page_id, retired_at, was_published)
         SELECT slug, id, ?, IFNULL(slug = published_slug, 0) FROM pages WHERE id = ?
         ON CONFLICT (slug) DO UPDATE SET retired_at = excluded.retired_at,
           was_published = MAX(was_published, excluded.was_published)
         WHERE page_id = excluded.page_id`,
      ),
      rename: db.prepare(
        'UPDATE pages SET title = ?, slug = ?, updated_at = MAX(updated_at, ?) WHERE id = ?',
      ),
      archive: db.prepare('UPDATE pages SET archived_at = ? WHERE id = ? AND archived_at IS NULL'),
      unarchive: db.prepare('UPDATE pages SET archived_at = NULL WHERE id = ? AND archived_at IS NOT NULL'),
    };
    // Checked and written in one transaction: of two renames racing for one slug, one gets it.
    // Renaming back reclaims the page's own former slug; another page's draft-only alias gives way
    // (dropped), another page's published former slug makes the slug taken.
    this.rename = db.transaction((id: string, title: string, slug: string, at: number): boolean => {
      const current = this.stmts.find.get(id);
      if (current && current.slug !== slug) {
        if (this.stmts.slug.get({ slug, id }) !== undefined) return false;
        this.stmts.retireSlug.run(at, id);
        this.stmts.dropAlias.run(slug);
        this.stmts.trimAliases.run({ id, keep: MAX_FORMER_SLUGS });
      }
      this.stmts.rename.run(title, slug, at, id);
      return true;
    });
    // A new page's live slug beats another page's draft-only alias: that alias is dropped. A slug
    // taken meanwhile (past the caller's slugExists check) fails the insert, as the UNIQUE live
    // slug does: a published former slug is never given to another page.
    this.insert = db.transaction((page: Page): void => {
      const { id, slug, title, createdBy, createdAt, updatedAt } = page;
      if (this.stmts.slug.get({ slug, id }) !== undefined) throw new Error(`The slug ${slug} is taken`);
      this.stmts.dropAlias.run(slug);
      this.stmts.insert.run({ id, slug, title, createdBy, createdAt, updatedAt });
    });
  }

  insertPage(page: Page): Promise<void> {
    // A refused insert (slug taken) rejects, as a networked store's would.
    return new Promise((resolve) => {
      this.insert(page);
      resolve();
    });
  }

  findPage(id: string): Promise<Page | null> {
    const r = this.stmts.find.get(id);
    return Promise.resolve(r ? toPage(r) : null);
  }

  listPages(): Promise<Page[]> {
    return Promise.resolve(this.stmts.all.all().map(toPage));
  }

  findPageBySlug(slug: string): Promise<Page | null> {
    const r = this.stmts.bySlug.get(slug) ?? this.stmts.byFormerSlug.get(slug);
    return Promise.resolve(r ? toPage(r) : null);
  }

  findPageByPublishedSlug(slug: string): Promise<Page | null> {
    const r = this.stmts.byPublishedSlug.get(slug) ?? this.stmts.byFormerPublishedSlug.get(slug);
    return Promise.resolve(r ? toPage(r) : null);
  }

  slugExists(slug: string, exceptPageId = ''): Promise<boolean> {
    return Promise.resolve(this.stmts.slug.get({ slug, id: exceptPageId }) !== undefined);
  }

  renamePage(id: string, title: string, slug: string, at: number): Promise<Page | null | 'slug_taken'> {
    if (!this.rename(id, title, slug, at)) return Promise.resolve('slug_taken');
    return this.findPage(id);
  }

  setArchived(id: string, archivedAt: number | null): Promise<boolean> {
    const result =
      archivedAt === null ? this.stmts.unarchive.run(id) : this.stmts.archive.run(archivedAt, id);
    return Promise.resolve(result.changes === 1);
  }

  setCollection(id: string, collectionId: string | null): Promise<void> {
    this.stmts.setCollection.run(collectionId, id);
    return Promise.resolve();
  }

  touchPage(id: string, updatedAt: number): Promise<void> {
    this.stmts.touch.run(updatedAt, id);
    return Promise.resolve();
  }
}
