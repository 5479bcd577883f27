import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.ts';
import { SqlitePageRepository } from './SqlitePageRepository.ts';
import { SqliteRevisionRepository } from './SqliteRevisionRepository.ts';
import { SqliteAuditLog } from './SqliteAuditLog.ts';

const TITLES = MIGRATIONS.findIndex((m) => m.includes('ALTER TABLE revisions ADD COLUMN title'));

describe('the revision title migration', () => {
  it("backfills earlier revisions with their page's current title, which learners then read", async () => {
    expect(TITLES).toBeGreaterThan(0);
    const db = new Database(':memory:');
    for (const m of MIGRATIONS.slice(0, TITLES)) db.exec(m);
    db.exec(`
      INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u', 'a@x', 'A', 'student', 'h', 0);
      INSERT INTO pages (id, slug, title, created_by, created_at, updated_at) VALUES ('p', 'p', 'Sepsis', 'u', 0, 0);
      INSERT INTO revisions (id, page_id, seq, created_at, created_by, message, content_hash, doc, text, blocks, authors, state, yjs_state, up_to_update_seq)
        VALUES ('v1', 'p', 1, 0, 'u', '', 'h', '{}', '', '[]', '[]', 'approved', x'00', 0);
      UPDATE pages SET published_revision_id = 'v1', published_at = 0 WHERE id = 'p';
    `);
    for (const m of MIGRATIONS.slice(TITLES)) db.exec(m);
    const revisions = new SqliteRevisionRepository(db, new SqliteAuditLog(db));
    expect((await revisions.findRevision('v1'))?.title).toBe('Sepsis');
    const pages = new SqlitePageRepository(db);
    expect(await pages.findPage('p')).toMatchObject({ title: 'Sepsis', publishedTitle: 'Sepsis' });
    // A rename changes the draft title only.
    await pages.renamePage('p', 'Septic shock', 'septic-shock', 1);
    expect(await pages.findPage('p')).toMatchObject({ title: 'Septic shock', publishedTitle: 'Sepsis' });
  });
});
