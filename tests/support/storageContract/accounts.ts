import { expect, it } from 'vitest';
import { type OpenStorage, user } from './fixtures.ts';

/** Users, sessions, password changes, reset and setup links. */
export function accountsContract(open: OpenStorage): void {
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
}
