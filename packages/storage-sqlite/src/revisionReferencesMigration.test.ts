import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.ts';
import { SqliteAuditLog } from './SqliteAuditLog.ts';
import { SqliteReferenceRepository } from './SqliteReferenceRepository.ts';

const SNAPSHOTS = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE revision_references'));

const citing = (...refIds: string[][]) =>
  JSON.stringify({
    type: 'doc',
    content: refIds.map((ids, i) => ({
      type: 'paragraph',
      attrs: { id: `b${i}` },
      content: [
        { type: 'text', text: 'x' },
        { type: 'citation', attrs: { refIds: ids } },
      ],
    })),
  });

describe('the revision_references migration', () => {
  it('backfills the references earlier revisions cite, numbered in order of first citation', async () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS.slice(0, SNAPSHOTS)) db.exec(m);
    db.exec(`
      INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u', 'a@x', 'A', 'student', 'h', 0);
      INSERT INTO pages (id, slug, title, created_by, created_at, updated_at) VALUES ('p', 'p', 'T', 'u', 0, 0);
      INSERT INTO page_references (id, page_id, csl, evidence_level, created_by, created_at) VALUES
        ('r1', 'p', '{"type":"book","title":"One"}', 'rct', 'u', 0),
        ('r2', 'p', '{"type":"book","title":"Two"}', NULL, 'u', 0);
    `);
    const insert = db.prepare(
      `INSERT INTO revisions (id, page_id, seq, created_at, created_by, message, content_hash, doc, text, blocks, authors, state, yjs_state, up_to_update_seq)
       VALUES (?, 'p', ?, 0, 'u', '', 'h', ?, '', '[]', '[]', ?, x'00', 0)`,
    );
    insert.run('v1', 1, citing(['r2'], ['r1', 'r2']), 'approved');
    insert.run('v2', 2, citing(['missing', 'r1']), 'pending');
    insert.run('v3', 3, JSON.stringify({ type: 'doc', content: [] }), 'superseded');
    for (const m of MIGRATIONS.slice(SNAPSHOTS)) db.exec(m);

    const refs = new SqliteReferenceRepository(db, new SqliteAuditLog(db));
    expect(await refs.listRevisionReferences('v1')).toEqual([
      {
        revisionId: 'v1',
        refId: 'r2',
        position: 1,
        csl: { type: 'book', title: 'Two' },
        evidenceLevel: null,
      },
      {
        revisionId: 'v1',
        refId: 'r1',
        position: 2,
        csl: { type: 'book', title: 'One' },
        evidenceLevel: 'rct',
      },
    ]);
    // A reference the page no longer has is left out, as the rendered page leaves it out.
    expect((await refs.listRevisionReferences('v2')).map((r) => [r.refId, r.position])).toEqual([['r1', 1]]);
    expect(await refs.listRevisionReferences('v3')).toEqual([]);
    expect(await refs.listRevisionsCiting('p', 'r1')).toEqual([
      { id: 'v1', seq: 1, state: 'approved' },
      { id: 'v2', seq: 2, state: 'pending' },
    ]);
  });
});
