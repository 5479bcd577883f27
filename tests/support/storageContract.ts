import type { Storage } from '@rounds/domain';
import { describe, expect, it } from 'vitest';

/** One contract for every storage adapter (SQLite now, PostgreSQL with scale-out). */
export function storageContract(name: string, open: () => Promise<Storage>): void {
  const user = (id: string, email: string) => ({
    id,
    email,
    name: 'N',
    role: 'student' as const,
    passwordHash: 'h',
    disabled: false,
    createdAt: 1,
  });
  const page = (id: string, createdBy: string) => ({
    id,
    slug: id,
    title: 'T',
    createdBy,
    createdAt: 1,
    updatedAt: 1,
    collectionId: null,
    publishedRevisionId: null,
    publishedAt: null,
  });
  const bytes = (...n: number[]) => new Uint8Array(n);

  describe(`storage contract: ${name}`, () => {
    it('inserts a user once per email (the bootstrap race is decided by the database)', async () => {
      const s = await open();
      expect(await s.users.insertUser(user('u1', 'a@x.org'))).toBe(true);
      expect(await s.users.insertUser(user('u2', 'a@x.org'))).toBe(false);
      expect(await s.users.countUsers()).toBe(1);
      expect((await s.users.findUserByEmail('a@x.org'))?.id).toBe('u1');
      expect(await s.users.updateUser('u1', { role: 'faculty', disabled: true })).toMatchObject({
        role: 'faculty',
        disabled: true,
      });
      await s.close();
    });

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

    it('consumes a setup token once and only before it expires', async () => {
      const s = await open();
      await s.setupTokens.putSetupToken('t1', 100);
      expect(await s.setupTokens.consumeSetupToken('t1', 50)).toBe(true);
      expect(await s.setupTokens.consumeSetupToken('t1', 50)).toBe(false);
      await s.setupTokens.putSetupToken('t2', 100);
      expect(await s.setupTokens.consumeSetupToken('t2', 150)).toBe(false);
      await s.close();
    });

    it('sets a password and ends the other sessions in one step', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      for (const id of ['s1', 's2', 's3']) {
        await s.sessions.insertSession({ id, userId: 'u1', createdAt: 0, lastSeenAt: 0 });
      }
      await s.accounts.setPassword('u1', 'new-hash', 's2');
      expect((await s.users.findUserById('u1'))?.passwordHash).toBe('new-hash');
      expect(await s.sessions.findSession('s1')).toBeNull();
      expect(await s.sessions.findSession('s2')).not.toBeNull();
      await s.accounts.setPassword('u1', 'newer-hash', null);
      expect(await s.sessions.findSession('s2')).toBeNull();
      await s.close();
    });

    it('completes a reset link once, before it expires, for an enabled user only', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      await s.sessions.insertSession({ id: 's1', userId: 'u1', createdAt: 0, lastSeenAt: 0 });
      const token = { userId: 'u1', createdAt: 0, expiresAt: 100, usedAt: null };
      await s.accounts.putResetToken({ ...token, tokenHash: 'old' });
      await s.accounts.putResetToken({ ...token, tokenHash: 't1' });
      // A new link replaces the unused one before it.
      expect(await s.accounts.findResetToken('old')).toBeNull();
      expect(await s.accounts.completeReset('t1', 150, 'h')).toEqual({ status: 'expired' });
      expect(await s.accounts.completeReset('nope', 50, 'h')).toEqual({ status: 'unknown' });
      expect(await s.accounts.completeReset('t1', 50, 'h')).toEqual({ status: 'reset', userId: 'u1' });
      expect((await s.users.findUserById('u1'))?.passwordHash).toBe('h');
      expect(await s.sessions.findSession('s1')).toBeNull();
      expect(await s.accounts.completeReset('t1', 60, 'h2')).toEqual({ status: 'used' });
      expect((await s.accounts.findResetToken('t1'))?.usedAt).toBe(50);
      await s.accounts.putResetToken({ ...token, tokenHash: 't2' });
      // A used link stays, so it can still say "already used".
      expect((await s.accounts.findResetToken('t1'))?.usedAt).toBe(50);
      await s.users.updateUser('u1', { disabled: true });
      expect(await s.accounts.completeReset('t2', 50, 'h3')).toEqual({ status: 'disabled' });
      expect((await s.users.findUserById('u1'))?.passwordHash).toBe('h');
      await s.close();
    });

    it('expires sessions by idle and absolute time', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      await s.sessions.insertSession({ id: 's-old', userId: 'u1', createdAt: 0, lastSeenAt: 10 });
      await s.sessions.insertSession({ id: 's-new', userId: 'u1', createdAt: 100, lastSeenAt: 100 });
      expect(await s.sessions.deleteExpiredSessions(50, 50)).toEqual([{ id: 's-old', userId: 'u1' }]);
      expect(await s.sessions.findSession('s-old')).toBeNull();
      expect(await s.sessions.findSession('s-new')).not.toBeNull();
      await s.close();
    });
  });
}
