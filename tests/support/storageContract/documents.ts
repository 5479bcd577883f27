import { expect, it } from 'vitest';
import { type OpenStorage, user, page, bytes } from './fixtures.ts';

/** The document store: the update log, snapshots, folding. */
export function documentsContract(open: OpenStorage): void {
  it('appends updates in order with increasing seqs and loads them back', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    const seqs = await s.documents.appendUpdates('p1', [
      { userId: 'u1', update: bytes(1), at: 1 },
      { userId: null, update: bytes(2, 2), at: 2 },
    ]);
    expect(seqs[1]).toBeGreaterThan(seqs[0] ?? Infinity);
    const doc = await s.documents.loadDocument('p1');
    expect(doc.snapshot).toBeNull();
    expect(doc.updates.map((u) => [...u.update])).toEqual([[1], [2, 2]]);
    expect(doc.updates.map((u) => u.userId)).toEqual(['u1', null]);
    await s.close();
  });

  it('replaces the snapshot atomically, keeps the one before with its log, and never goes backwards', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    const seqs = await s.documents.appendUpdates(
      'p1',
      [1, 2, 3].map((n) => ({ userId: 'u1', update: bytes(n), at: n })),
    );
    await s.documents.replaceSnapshot('p1', bytes(9), seqs[1] ?? 0);
    let doc = await s.documents.loadDocument('p1');
    expect([...(doc.snapshot ?? [])]).toEqual([9]);
    expect(doc.snapshotSeq).toBe(seqs[1]);
    expect(doc.updates.map((u) => [...u.update])).toEqual([[3]]);
    expect(await s.documents.countPendingUpdates('p1')).toBe(1);
    // No snapshot before this one: the whole log stays, to rebuild the page if this one is bad.
    expect(await s.documents.pruneFoldedUpdates('p1')).toBe(0);
    expect(await s.documents.loadRecovery('p1', 'previousSnapshot')).toBeNull();
    const log = await s.documents.loadRecovery('p1', 'log');
    expect(log?.updates.map((u) => [...u.update])).toEqual([[1], [2], [3]]);

    await s.documents.replaceSnapshot('p1', bytes(10), seqs[2] ?? 0);
    const previous = await s.documents.loadRecovery('p1', 'previousSnapshot');
    expect([...(previous?.snapshot ?? [])]).toEqual([9]);
    expect(previous?.updates.map((u) => [...u.update])).toEqual([[3]]);
    // Now the updates both snapshots cover can go.
    expect(await s.documents.pruneFoldedUpdates('p1')).toBe(2);
    expect(await s.documents.pruneFoldedUpdates('p1')).toBe(0);
    expect((await s.documents.loadRecovery('p1', 'log'))?.updates.map((u) => [...u.update])).toEqual([[3]]);
    await s.documents.replaceSnapshot('p1', bytes(8), seqs[0] ?? 0);
    doc = await s.documents.loadDocument('p1');
    expect([...(doc.snapshot ?? [])]).toEqual([10]);
    await s.close();
  });

  it('folding keeps who contributed between any two seqs', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.users.insertUser(user('u2', 'b@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    const by = ['u1', 'u1', 'u1', 'u2', 'u1', 'u1'];
    const seqs = await s.documents.appendUpdates(
      'p1',
      by.map((userId, i) => ({ userId, update: bytes(i), at: i })),
    );
    const last = seqs.at(-1) ?? 0;
    await s.documents.replaceSnapshot('p1', bytes(9), last - 1);
    await s.documents.replaceSnapshot('p1', bytes(10), last);
    expect(await s.documents.pruneFoldedUpdates('p1')).toBe(5);
    expect(await s.documents.contributorsBetween('p1', 0, last)).toEqual(['u1', 'u2']);
    expect(await s.documents.contributorsBetween('p1', seqs[3] ?? 0, last)).toEqual(['u1']);
    await s.close();
  });
}
