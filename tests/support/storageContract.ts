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
    archivedAt: null,
    publishedTitle: null,
    publishedSlug: null,
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

    it('renames a page keeping its recent former slugs resolvable until another page takes one, and archives by compare-and-set', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      await s.pages.insertPage(page('p1', 'u1'));
      expect(await s.pages.renamePage('p1', 'New', 'new', 5)).toMatchObject({ slug: 'new', title: 'New' });
      expect((await s.pages.findPageBySlug('p1'))?.id).toBe('p1');
      expect((await s.pages.findPageBySlug('new'))?.id).toBe('p1');
      // A former slug is not taken (only live slugs are); the live one is, except for its own page.
      expect(await s.pages.slugExists('p1')).toBe(false);
      expect(await s.pages.slugExists('new')).toBe(true);
      expect(await s.pages.slugExists('new', 'p1')).toBe(false);
      await s.pages.renamePage('p1', 'Back', 'p1', 6);
      expect((await s.pages.findPage('p1'))?.slug).toBe('p1');
      expect((await s.pages.findPageBySlug('new'))?.id).toBe('p1');
      // Another page cannot take p1's live slug, even past a stale slugExists check…
      await s.pages.insertPage(page('p2', 'u1'));
      expect(await s.pages.renamePage('p2', 'Taken', 'p1', 7)).toBe('slug_taken');
      expect((await s.pages.findPage('p2'))?.slug).toBe('p2');
      // …but a former slug (an alias) is not taken: the live slug wins and the alias is dropped.
      expect(await s.pages.slugExists('new')).toBe(false);
      expect(await s.pages.renamePage('p2', 'New', 'new', 7)).toMatchObject({ slug: 'new' });
      expect((await s.pages.findPageBySlug('new'))?.id).toBe('p2');
      await s.pages.renamePage('p2', 'Back', 'p2', 7);
      expect((await s.pages.findPageBySlug('new'))?.id).toBe('p2');
      // A new page takes a former slug too.
      await s.pages.insertPage({ ...page('p3', 'u1'), slug: 'new' });
      expect((await s.pages.findPageBySlug('new'))?.id).toBe('p3');
      // Each page keeps its 20 most recent former slugs; older ones stop resolving.
      for (let n = 0; n < 25; n++) await s.pages.renamePage('p2', `T${n}`, `t-${n}`, 10 + n);
      expect((await s.pages.findPageBySlug('t-4'))?.id).toBe('p2');
      expect(await s.pages.findPageBySlug('t-3')).toBeNull();
      expect(await s.pages.findPageBySlug('p2')).toBeNull();
      expect(await s.pages.setArchived('p1', 7)).toBe(true);
      expect(await s.pages.setArchived('p1', 8)).toBe(false);
      expect((await s.pages.findPage('p1'))?.archivedAt).toBe(7);
      expect(await s.pages.setArchived('p1', null)).toBe(true);
      expect(await s.pages.setArchived('p1', null)).toBe(false);
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
      expect(await s.accounts.setPassword('u1', 'new-hash', 's2', 'h')).toBe(true);
      expect((await s.users.findUserById('u1'))?.passwordHash).toBe('new-hash');
      expect(await s.sessions.findSession('s1')).toBeNull();
      expect(await s.sessions.findSession('s2')).not.toBeNull();
      expect(await s.accounts.setPassword('u1', 'newer-hash', null, 'new-hash')).toBe(true);
      expect(await s.sessions.findSession('s2')).toBeNull();
      await s.close();
    });

    it('sets a password only over the hash that was verified, from a session that still exists', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      await s.sessions.insertSession({ id: 's1', userId: 'u1', createdAt: 0, lastSeenAt: 0 });
      await s.sessions.insertSession({ id: 's2', userId: 'u1', createdAt: 0, lastSeenAt: 0 });
      const token = { userId: 'u1', createdAt: 0, expiresAt: 100, usedAt: null };
      await s.accounts.putResetToken({ ...token, tokenHash: 't1' });
      // Someone else changed it meanwhile: nothing is written, no session ends.
      expect(await s.accounts.setPassword('u1', 'mine', 's1', 'stale-hash')).toBe(false);
      expect((await s.users.findUserById('u1'))?.passwordHash).toBe('h');
      expect(await s.sessions.findSession('s2')).not.toBeNull();
      expect(await s.accounts.findResetToken('t1')).not.toBeNull();
      // The session it came from has ended (a reset deleted it).
      expect(await s.accounts.setPassword('u1', 'mine', 'gone', 'h')).toBe(false);
      expect((await s.users.findUserById('u1'))?.passwordHash).toBe('h');
      // A change deletes the unused reset links with the other sessions.
      expect(await s.accounts.setPassword('u1', 'mine', 's1', 'h')).toBe(true);
      expect(await s.accounts.findResetToken('t1')).toBeNull();
      expect(await s.sessions.findSession('s2')).toBeNull();
      await s.users.updateUser('u1', { disabled: true });
      expect(await s.accounts.setPassword('u1', 'later', null, 'mine')).toBe(false);
      await s.close();
    });

    it('starts a session only while the verified password, role and enabled account are still current', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      const session = (id: string, at = 0) => ({ id, userId: 'u1', createdAt: at, lastSeenAt: at });
      const verified = { passwordHash: 'h', role: 'student' as const };
      expect(await s.sessions.insertSessionIfCurrent(session('s1'), verified, 20)).toEqual({
        inserted: true,
        evicted: [],
      });
      expect(await s.sessions.findSession('s1')).not.toBeNull();
      // The password changed after it was verified: no session.
      expect(await s.accounts.setPassword('u1', 'h2', null, 'h')).toBe(true);
      expect(await s.sessions.insertSessionIfCurrent(session('s2'), verified, 20)).toEqual({
        inserted: false,
      });
      expect(await s.sessions.findSession('s2')).toBeNull();
      // The role changed: no session with the old one.
      await s.users.updateUser('u1', { role: 'faculty' });
      const now = { passwordHash: 'h2', role: 'student' as const };
      expect(await s.sessions.insertSessionIfCurrent(session('s3'), now, 20)).toEqual({ inserted: false });
      // Disabled: none at all.
      await s.users.updateUser('u1', { disabled: true });
      const faculty = { passwordHash: 'h2', role: 'faculty' as const };
      expect(await s.sessions.insertSessionIfCurrent(session('s4'), faculty, 20)).toEqual({
        inserted: false,
      });
      expect(
        await s.sessions.insertSessionIfCurrent({ ...session('s5'), userId: 'nobody' }, faculty, 20),
      ).toEqual({
        inserted: false,
      });
      await s.users.updateUser('u1', { disabled: false });
      expect((await s.sessions.insertSessionIfCurrent(session('s6'), faculty, 20)).inserted).toBe(true);
      expect(await s.sessions.findSession('s3')).toBeNull();
      expect(await s.sessions.findSession('s4')).toBeNull();
      await s.close();
    });

    it("keeps a user's newest sessions: a sign-in past the cap ends the oldest in the same step", async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      await s.users.insertUser(user('u2', 'b@x.org'));
      await s.sessions.insertSession({ id: 'other', userId: 'u2', createdAt: 0, lastSeenAt: 0 });
      const verified = { passwordHash: 'h', role: 'student' as const };
      const start = (id: string, at: number) =>
        s.sessions.insertSessionIfCurrent({ id, userId: 'u1', createdAt: at, lastSeenAt: at }, verified, 3);
      for (const [i, id] of ['a', 'b', 'c'].entries())
        expect(await start(id, 10 + i)).toEqual({ inserted: true, evicted: [] });
      expect(await start('d', 20)).toEqual({ inserted: true, evicted: ['a'] });
      expect(await start('e', 20)).toEqual({ inserted: true, evicted: ['b'] });
      for (const id of ['a', 'b']) expect(await s.sessions.findSession(id)).toBeNull();
      for (const id of ['c', 'd', 'e', 'other']) expect(await s.sessions.findSession(id)).not.toBeNull();
      await s.close();
    });

    it('disabling or changing the role deletes unused reset links in the same step; renaming does not', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      const token = (tokenHash: string) => ({
        tokenHash,
        userId: 'u1',
        createdAt: 0,
        expiresAt: 100,
        usedAt: null,
      });
      await s.accounts.putResetToken(token('t1'));
      await s.users.updateUser('u1', { name: 'Renamed', role: 'student', disabled: false });
      expect(await s.accounts.findResetToken('t1')).not.toBeNull();
      await s.users.updateUser('u1', { role: 'faculty' });
      expect(await s.accounts.findResetToken('t1')).toBeNull();
      await s.accounts.putResetToken(token('t2'));
      await s.users.updateUser('u1', { disabled: true });
      await s.users.updateUser('u1', { disabled: false });
      expect(await s.accounts.findResetToken('t2')).toBeNull();
      expect(await s.accounts.completeReset('t2', 50, 'x')).toEqual({ status: 'unknown' });
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
      // Disabling deleted the unused link; re-enabling does not bring it back.
      expect(await s.accounts.completeReset('t2', 50, 'h3')).toEqual({ status: 'unknown' });
      await s.users.updateUser('u1', { disabled: false });
      expect(await s.accounts.completeReset('t2', 50, 'h3')).toEqual({ status: 'unknown' });
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

    it('a decision is one compare-and-set: nothing is stored for a revision that is no longer pending', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      await s.users.insertUser(user('f1', 'f1@x.org'));
      await s.users.insertUser(user('f2', 'f2@x.org'));
      await s.pages.insertPage(page('p1', 'u1'));
      const revision = (id: string) => ({
        id,
        pageId: 'p1',
        createdAt: 1,
        createdBy: 'u1',
        message: '',
        title: 'T',
        contentHash: `hash-${id}`,
        doc: {},
        text: 't',
        blocks: [],
        authors: ['u1'],
        state: 'pending' as const,
        yjsState: bytes(1),
        upToUpdateSeq: 0,
      });
      const audit = (action: string) => ({ at: 2, actor: 'f1', action, target: 'revision:r', data: {} });
      const decide = (
        id: string,
        reviewerId: string,
        decision: 'approve' | 'request_changes',
        hash = `hash-${id}`,
      ) =>
        s.revisions.recordReview({
          review: {
            id: `${id}-${reviewerId}`,
            revisionId: id,
            reviewerId,
            decision,
            comment: '',
            contentHash: hash,
            createdAt: 2,
          },
          pageId: 'p1',
          requiredApprovals: 1,
          reviewAudit: audit(`review.${decision}`),
          publishAudit: audit('revision.published'),
        });

      await s.revisions.insertRevision(revision('r1'));
      await s.revisions.insertRevision(revision('r2'));
      // A newer submission supersedes the older pending one in the same step.
      expect((await s.revisions.findRevision('r1'))?.state).toBe('superseded');
      expect(await decide('r1', 'f1', 'approve')).toEqual({ status: 'not_pending', state: 'superseded' });
      expect(await decide('r2', 'f1', 'approve', 'other-hash')).toEqual({
        status: 'content_changed',
        contentHash: 'hash-r2',
      });
      expect(await decide('r2', 'f1', 'request_changes')).toEqual({
        status: 'recorded',
        state: 'changes_requested',
        published: false,
      });
      expect(await decide('r2', 'f2', 'approve')).toEqual({
        status: 'not_pending',
        state: 'changes_requested',
      });
      expect((await s.revisions.listReviews(['r1', 'r2'])).map((r) => r.reviewerId)).toEqual(['f1']);
      expect((await s.pages.findPage('p1'))?.publishedRevisionId).toBeNull();

      await s.revisions.insertRevision(revision('r3'));
      expect(await decide('r3', 'f2', 'approve')).toEqual({
        status: 'recorded',
        state: 'approved',
        published: true,
      });
      expect((await s.pages.findPage('p1'))?.publishedRevisionId).toBe('r3');
      expect((await s.audit.list(0, 10)).map((e) => e.action)).toEqual([
        'review.request_changes',
        'review.approve',
        'revision.published',
      ]);
      await s.close();
    });

    it('records the published slug at publication; readers follow only published slugs', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      await s.users.insertUser(user('f1', 'f1@x.org'));
      await s.pages.insertPage({ ...page('p1', 'u1'), slug: 'dosing', title: 'Dosing' });
      let n = 0;
      const publish = async (title: string) => {
        const id = `r${++n}`;
        await s.revisions.insertRevision({
          id,
          pageId: 'p1',
          createdAt: n,
          createdBy: 'u1',
          message: '',
          title,
          contentHash: `hash-${id}`,
          doc: {},
          text: 't',
          blocks: [],
          authors: ['u1'],
          state: 'pending' as const,
          yjsState: bytes(1),
          upToUpdateSeq: 0,
        });
        const audit = (action: string) => ({
          at: n,
          actor: 'f1',
          action,
          target: `revision:${id}`,
          data: {},
        });
        return s.revisions.recordReview({
          review: {
            id: `${id}-f1`,
            revisionId: id,
            reviewerId: 'f1',
            decision: 'approve',
            comment: '',
            contentHash: `hash-${id}`,
            createdAt: n,
          },
          pageId: 'p1',
          requiredApprovals: 1,
          reviewAudit: audit('review.approve'),
          publishAudit: audit('revision.published'),
        });
      };
      const readerSees = async (slug: string) => (await s.pages.findPageByPublishedSlug(slug))?.id ?? null;
      expect((await s.pages.findPage('p1'))?.publishedSlug).toBeNull();
      expect(await readerSees('dosing')).toBeNull();
      expect(await publish('Dosing')).toMatchObject({ published: true });
      expect((await s.pages.findPage('p1'))?.publishedSlug).toBe('dosing');
      // Renames change the live slug only; the draft-only slugs name nothing for readers.
      await s.pages.renamePage('p1', 'Dosing 2', 'dosing-2', 10);
      await s.pages.renamePage('p1', 'Dosing 3', 'dosing-3', 11);
      expect(await s.pages.findPage('p1')).toMatchObject({ slug: 'dosing-3', publishedSlug: 'dosing' });
      expect(await readerSees('dosing')).toBe('p1');
      expect(await readerSees('dosing-2')).toBeNull();
      expect(await readerSees('dosing-3')).toBeNull();
      expect((await s.pages.findPageBySlug('dosing-2'))?.id).toBe('p1');
      // The published slug is taken while it is published: no other page may have it as its live slug.
      expect(await s.pages.slugExists('dosing', 'p2')).toBe(true);
      // Publishing a revision with the page's current title publishes its current slug; the one
      // before keeps resolving for readers (a former published slug), the draft-only one never.
      expect(await publish('Dosing 3')).toMatchObject({ published: true });
      expect((await s.pages.findPage('p1'))?.publishedSlug).toBe('dosing-3');
      expect(await readerSees('dosing-3')).toBe('p1');
      expect(await readerSees('dosing')).toBe('p1');
      expect(await readerSees('dosing-2')).toBeNull();
      // A revision submitted before an unreviewed rename keeps the published slug as it was.
      await s.pages.renamePage('p1', 'Dosing 4', 'dosing-4', 12);
      expect(await publish('Dosing 3')).toMatchObject({ published: true });
      expect((await s.pages.findPage('p1'))?.publishedSlug).toBe('dosing-3');
      expect(await readerSees('dosing-4')).toBeNull();
      expect(await readerSees('dosing-3')).toBe('p1');
      await s.close();
    });

    it('keeps every slug a page ever published: never taken by another page, never trimmed', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      await s.users.insertUser(user('f1', 'f1@x.org'));
      await s.pages.insertPage({ ...page('p1', 'u1'), slug: 'dosing', title: 'Dosing' });
      await s.revisions.insertRevision({
        id: 'r1',
        pageId: 'p1',
        createdAt: 1,
        createdBy: 'u1',
        message: '',
        title: 'Dosing',
        contentHash: 'hash-r1',
        doc: {},
        text: 't',
        blocks: [],
        authors: ['u1'],
        state: 'pending' as const,
        yjsState: bytes(1),
        upToUpdateSeq: 0,
      });
      const audit = (action: string) => ({ at: 2, actor: 'f1', action, target: 'revision:r1', data: {} });
      expect(
        await s.revisions.recordReview({
          review: {
            id: 'r1-f1',
            revisionId: 'r1',
            reviewerId: 'f1',
            decision: 'approve',
            comment: '',
            contentHash: 'hash-r1',
            createdAt: 2,
          },
          pageId: 'p1',
          requiredApprovals: 1,
          reviewAudit: audit('review.approve'),
          publishAudit: audit('revision.published'),
        }),
      ).toMatchObject({ published: true });
      const readerSees = async (slug: string) => (await s.pages.findPageByPublishedSlug(slug))?.id ?? null;
      await s.pages.renamePage('p1', 'Dosing 2', 'dosing-2', 10);
      await s.pages.renamePage('p1', 'Dosing 3', 'dosing-3', 11);
      // The published slug, now a former one, is taken for every other page, even past a stale
      // check; a draft-only former slug still gives way (the live slug wins, the alias is dropped).
      expect(await s.pages.slugExists('dosing')).toBe(true);
      expect(await s.pages.slugExists('dosing', 'p1')).toBe(false);
      expect(await s.pages.slugExists('dosing-2')).toBe(false);
      await expect(s.pages.insertPage({ ...page('p2', 'u1'), slug: 'dosing' })).rejects.toThrow();
      await s.pages.insertPage(page('p2', 'u1'));
      expect(await s.pages.renamePage('p2', 'Dosing', 'dosing', 12)).toBe('slug_taken');
      expect(await s.pages.renamePage('p2', 'Dosing 2', 'dosing-2', 12)).toMatchObject({ slug: 'dosing-2' });
      expect((await s.pages.findPageBySlug('dosing-2'))?.id).toBe('p2');
      expect(await readerSees('dosing')).toBe('p1');
      // Past the 20 draft-only former slugs kept, the published one still resolves.
      for (let n = 0; n < 25; n++) await s.pages.renamePage('p1', `T${n}`, `t-${n}`, 20 + n);
      expect(await readerSees('dosing')).toBe('p1');
      expect((await s.pages.findPageBySlug('dosing'))?.id).toBe('p1');
      expect((await s.pages.findPageBySlug('t-4'))?.id).toBe('p1');
      expect(await s.pages.findPageBySlug('t-3')).toBeNull();
      // Renaming back reclaims it; renamed away again, it is still published and still taken.
      expect(await s.pages.renamePage('p1', 'Dosing', 'dosing', 50)).toMatchObject({ slug: 'dosing' });
      expect(await readerSees('dosing')).toBe('p1');
      await s.pages.renamePage('p1', 'Dosing 5', 'dosing-5', 51);
      expect(await readerSees('dosing')).toBe('p1');
      expect(await s.pages.slugExists('dosing', 'p2')).toBe(true);
      await s.close();
    });

    it("keeps a revision's references as copies, whatever the library does later", async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      await s.pages.insertPage(page('p1', 'u1'));
      const ref = {
        id: 'r1',
        pageId: 'p1',
        csl: { type: 'book', title: 'One' },
        doi: null,
        pmid: null,
        evidenceLevel: null,
        createdBy: 'u1',
        createdAt: 1,
      };
      await s.references.insertReferences([ref]);
      const revision = (id: string, state: 'pending' | 'superseded') => ({
        id,
        pageId: 'p1',
        createdAt: 1,
        createdBy: 'u1',
        message: '',
        title: 'T',
        contentHash: id,
        doc: { type: 'doc' },
        text: '',
        blocks: [],
        authors: ['u1'],
        state,
        yjsState: bytes(0),
        upToUpdateSeq: 0,
      });
      const seq1 = await s.revisions.insertRevision(revision('v1', 'superseded'));
      const seq2 = await s.revisions.insertRevision(revision('v2', 'pending'));
      for (const revisionId of ['v1', 'v2'])
        await s.references.insertRevisionReferences([
          { revisionId, refId: 'r1', position: 1, csl: ref.csl, evidenceLevel: null },
        ]);
      const entry = (action: string) => ({ at: 1, actor: 'u1', action, target: 'reference:r1', data: {} });
      expect(
        await s.references.setEvidenceLevel('p1', 'r1', 'rct', entry('reference.evidence_level_set')),
      ).toBe(true);
      expect(await s.references.deleteReference('p1', 'r1', entry('reference.deleted'))).toBe(true);
      // Nothing there: no change, so no entry either.
      expect(await s.references.deleteReference('p1', 'r1', entry('reference.deleted'))).toBe(false);
      expect(
        await s.references.setEvidenceLevel('p1', 'r1', null, entry('reference.evidence_level_set')),
      ).toBe(false);
      expect((await s.audit.list(0, 10)).map((e) => e.action)).toEqual([
        'reference.evidence_level_set',
        'reference.deleted',
      ]);
      expect(await s.references.listRevisionReferences('v2')).toEqual([
        {
          revisionId: 'v2',
          refId: 'r1',
          position: 1,
          csl: { type: 'book', title: 'One' },
          evidenceLevel: null,
        },
      ]);
      expect(await s.references.listRevisionsCiting('p1', 'r1')).toEqual([
        { id: 'v1', seq: seq1, state: 'superseded' },
        { id: 'v2', seq: seq2, state: 'pending' },
      ]);
      expect(await s.references.listRevisionsCiting('p1', 'other')).toEqual([]);
      await s.close();
    });

    it('submits a revision with its references and audit entry as one unit of work', async () => {
      const s = await open();
      await s.users.insertUser(user('u1', 'a@x.org'));
      await s.pages.insertPage(page('p1', 'u1'));
      const revision = (id: string) => ({
        id,
        pageId: 'p1',
        createdAt: 1,
        createdBy: 'u1',
        message: '',
        title: 'T',
        contentHash: id,
        doc: { type: 'doc' },
        text: 't',
        blocks: [],
        authors: ['u1'],
        state: 'pending' as const,
        yjsState: bytes(0),
        upToUpdateSeq: 0,
      });
      const csl = { type: 'book', title: 'One' };
      const withExtras = (id: string, fail = false) => ({
        references: [{ revisionId: id, refId: 'r1', position: 1, csl, evidenceLevel: null }],
        audit: (seq: number, superseded: string[]) => {
          if (fail) throw new Error('audit failed');
          return { at: 1, actor: 'u1', action: 'revision.submitted', target: id, data: { seq, superseded } };
        },
      });
      expect(await s.revisions.insertRevision(revision('a'), withExtras('a'))).toBe(1);
      expect(await s.revisions.insertRevision(revision('b'), withExtras('b'))).toBe(2);
      expect((await s.audit.list(0, 10)).map((e) => e.data)).toEqual([
        { seq: 1, superseded: [] },
        { seq: 2, superseded: ['a'] },
      ]);
      expect((await s.references.listRevisionReferences('b')).map((r) => r.refId)).toEqual(['r1']);
      // A failure anywhere in the unit stores nothing of it and supersedes nothing.
      await expect(s.revisions.insertRevision(revision('c'), withExtras('c', true))).rejects.toThrow();
      expect(await s.revisions.findRevision('c')).toBeNull();
      expect(await s.references.listRevisionReferences('c')).toEqual([]);
      expect((await s.revisions.findRevision('b'))?.state).toBe('pending');
      expect(await s.audit.list(0, 10)).toHaveLength(2);

      // The queue's candidates: summaries of each live page's newest pending revision, with a
      // digest stored alongside; none of an archived page; none the reviewer reviewed.
      const digest = { changes: [], truncatedChanges: 3, uncitedClaims: [], uncitedClaimsTotal: 1 };
      expect(await s.revisions.insertRevision(revision('d'), { digest })).toBe(3);
      const candidates = await s.revisions.listQueueCandidates('u1');
      expect(candidates.map((c) => c.revision.id)).toEqual(['d']);
      expect(candidates[0]).toMatchObject({ publishedRevisionId: null, publishedTitle: null });
      expect(candidates[0]?.revision).not.toHaveProperty('doc');
      expect(await s.revisions.listDigests(['d', 'b'])).toEqual(
        new Map([
          ['d', digest],
          ['b', null],
        ]),
      );

      // Compare-and-set on the page not being archived: nothing is written to an archived page.
      expect(await s.pages.setArchived('p1', 5)).toBe(true);
      expect(await s.revisions.listQueueCandidates('u1')).toEqual([]);
      expect(await s.revisions.insertRevision(revision('e'), withExtras('e'))).toBe('page_archived');
      expect(await s.revisions.findRevision('e')).toBeNull();
      expect((await s.revisions.findRevision('d'))?.state).toBe('pending');
      const restore = { pageId: 'p1', revisionId: 'b', restoredBy: 'u1', at: 6 };
      const restoreAudit = { at: 6, actor: 'u1', action: 'revision.restored', target: 'b', data: {} };
      expect(await s.revisions.recordRestore(restore, restoreAudit)).toBe(false);
      expect(await s.revisions.listRestoredSince('p1', 0)).toEqual([]);
      expect(await s.audit.list(0, 10)).toHaveLength(2);
      expect(await s.pages.setArchived('p1', null)).toBe(true);
      expect(await s.revisions.recordRestore(restore, restoreAudit)).toBe(true);
      expect((await s.revisions.listRestoredSince('p1', 0)).map((r) => r.id)).toEqual(['b']);
      expect((await s.audit.list(0, 10)).map((e) => e.action).at(-1)).toBe('revision.restored');
      await s.close();
    });
  });
}
