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
}

const toPage = (r: PageRow): Page => ({
  id: r.id,
  slug: r.slug,
  title: r.title,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  collectionId: r.collection_id,
  publishedRevisionId: r.published_revision_id,
  publishedAt: r.published_at,
});

export class SqlitePageRepository implements PageRepository {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      insert: db.prepare(
        'INSERT INTO pages (id, slug, title, created_by, created_at, updated_at) VALUES (@id, @slug, @title, @createdBy, @createdAt, @updatedAt)',
      ),
      find: db.prepare<[string], PageRow>('SELECT * FROM pages WHERE id = ?'),
      all: db.prepare<[], PageRow>('SELECT * FROM pages ORDER BY updated_at DESC'),
      slug: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM pages WHERE slug = ?'),
      touch: db.prepare('UPDATE pages SET updated_at = MAX(updated_at, ?) WHERE id = ?'),
      setCollection: db.prepare('UPDATE pages SET collection_id = ? WHERE id = ?'),
    };
  }

  insertPage(page: Page): Promise<void> {
    this.stmts.insert.run(page);
    return Promise.resolve();
  }

  findPage(id: string): Promise<Page | null> {
    const r = this.stmts.find.get(id);
    return Promise.resolve(r ? toPage(r) : null);
  }

  listPages(): Promise<Page[]> {
    return Promise.resolve(this.stmts.all.all().map(toPage));
  }

  slugExists(slug: string): Promise<boolean> {
    return Promise.resolve(this.stmts.slug.get(slug) !== undefined);
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
