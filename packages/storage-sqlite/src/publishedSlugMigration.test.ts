import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.ts';
import { SqlitePageRepository } from './SqlitePageRepository.ts';

const PUBLISHED_SLUG = MIGRATIONS.findIndex((m) => m.includes('ALTER TABLE pages ADD COLUMN published_slug'));

describe('the published slug migration', () => {
  it('gives published pages their current slug when their title is the published one, else their id', async () => {
    expect(PUBLISHED_SLUG).toBeGreaterThan(0);
    const db = new Database(':memory:');
    for (const m of MIGRATIONS.slice(0, PUBLISHED_SLUG)) db.exec(m);
    db.exec(`
      INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u', 'a@x', 'A', 'student', 'h', 0);
      INSERT INTO pages (id, slug, title, created_by, created_at, updated_at) VALUES
        ('same', 'sepsis', 'Sepsis', 'u', 0, 0),
        ('renamed', 'croup-use-2-mg-kg', 'Croup use 2 mg kg', 'u', 0, 0),
        ('draft', 'draft', 'Draft', 'u', 0, 0);
      INSERT INTO page_slug_history (slug, page_id, retired_at) VALUES ('croup', 'renamed', 1);
      INSERT INTO revisions (id, page_id, seq, created_at, created_by, message, title, content_hash, doc, text, blocks, authors, state, yjs_state, up_to_update_seq)
        VALUES ('v1', 'same', 1, 0, 'u', '', 'Sepsis', 'h', '{}', '', '[]', '[]', 'approved', x'00', 0),
               ('v2', 'renamed', 1, 0, 'u', '', 'Croup', 'h', '{}', '', '[]', '[]', 'approved', x'00', 0);
      UPDATE pages SET published_revision_id = 'v1', published_at = 0 WHERE id = 'same';
      UPDATE pages SET published_revision_id = 'v2', published_at = 0 WHERE id = 'renamed';
    `);
    for (const m of MIGRATIONS.slice(PUBLISHED_SLUG)) db.exec(m);
    const pages = new SqlitePageRepository(db);
    expect((await pages.findPage('same'))?.publishedSlug).toBe('sepsis');
    // Renamed since its publication: the current slug is unreviewed, so readers get the id.
    expect((await pages.findPage('renamed'))?.publishedSlug).toBe('renamed');
    expect((await pages.findPage('draft'))?.publishedSlug).toBeNull();
    // Former slugs stored before count as draft-only: readers do not follow them.
    expect(await pages.findPageByPublishedSlug('croup')).toBeNull();
    expect(await pages.findPageByPublishedSlug('croup-use-2-mg-kg')).toBeNull();
    expect((await pages.findPageByPublishedSlug('sepsis'))?.id).toBe('same');
    expect((await pages.findPageBySlug('croup'))?.id).toBe('renamed');
  });
});
