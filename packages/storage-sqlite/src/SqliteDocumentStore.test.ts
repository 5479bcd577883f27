import { describe, expect, it } from 'vitest';
import { openDatabase } from './openDatabase.ts';
import { SqliteDocumentStore } from './SqliteDocumentStore.ts';

function setup() {
  const db = openDatabase(':memory:');
  db.prepare(
    "INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u1', 'a@x', 'A', 'student', 'h', 0), ('u2', 'b@x', 'B', 'student', 'h', 0)",
  ).run();
  db.prepare(
    "INSERT INTO pages (id, slug, title, created_by, created_at, updated_at) VALUES ('p1', 'p1', 'T', 'u1', 0, 0)",
  ).run();
  const store = new SqliteDocumentStore(db);
  const rows = () =>
    db
      .prepare<[], { user_id: string; updates: number; size: number; data: Uint8Array | null }>(
        "SELECT user_id, updates, size, data FROM doc_updates WHERE page_id = 'p1' ORDER BY seq",
      )
      .all();
  return { db, store, rows };
}

describe('SqliteDocumentStore folding', () => {
  it('coalesces a flood of one user’s folded updates into one attribution row with count and size', async () => {
    const { store, rows } = setup();
    const at = Date.UTC(2026, 0, 1, 12);
    const seqs = await store.appendUpdates(
      'p1',
      Array.from({ length: 20_000 }, (_, i) => ({ userId: 'u1', update: new Uint8Array(3), at: at + i })),
    );
    const last = seqs.at(-1) ?? 0;
    await store.replaceSnapshot('p1', new Uint8Array([1]), last);
    await store.replaceSnapshot('p1', new Uint8Array([2]), last + 1);
    expect(await store.pruneFoldedUpdates('p1')).toBe(20_000);
    // Folded in chunks, each chunk one row (a run continued across chunks costs one row more).
    const left = rows();
    expect(left.length).toBeLessThanOrEqual(4);
    expect(left.reduce((n, r) => n + r.updates, 0)).toBe(20_000);
    expect(left.reduce((n, r) => n + r.size, 0)).toBe(60_000);
    expect(left.every((r) => r.data === null)).toBe(true);
  });

  it('never coalesces across a revision boundary, another user, or a day', async () => {
    const { db, store, rows } = setup();
    const day = Date.UTC(2026, 0, 1, 12);
    const by: [string, number][] = [
      ['u1', day],
      ['u1', day + 1],
      ['u1', day + 2], // revision boundary here
      ['u1', day + 3],
      ['u2', day + 4],
      ['u1', day + 5],
      ['u1', day + 86_400_000], // next day
    ];
    const seqs = await store.appendUpdates(
      'p1',
      by.map(([userId, at]) => ({ userId, update: new Uint8Array(1), at })),
    );
    db.prepare(
      `INSERT INTO revisions (id, page_id, seq, created_at, created_by, message, content_hash, doc, text, blocks, authors, state, yjs_state, up_to_update_seq)
       VALUES ('r1', 'p1', 1, 0, 'u1', '', 'h', '{}', '', '[]', '[]', 'pending', x'00', ?)`,
    ).run(seqs[2]);
    const last = seqs.at(-1) ?? 0;
    await store.replaceSnapshot('p1', new Uint8Array([1]), last);
    await store.replaceSnapshot('p1', new Uint8Array([2]), last + 1);
    await store.pruneFoldedUpdates('p1');
    expect(rows().map((r) => [r.user_id, r.updates])).toEqual([
      ['u1', 3],
      ['u1', 1],
      ['u2', 1],
      ['u1', 1],
      ['u1', 1],
    ]);
    expect(await store.contributorsBetween('p1', 0, seqs[2] ?? 0)).toEqual(['u1']);
    expect(await store.contributorsBetween('p1', seqs[2] ?? 0, last)).toEqual(['u1', 'u2']);
  });
});
