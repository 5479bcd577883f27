import {
  AccountService,
  AuthService,
  SessionEndings,
  UserService,
  type PasswordHasher,
  type SessionsEnded,
  type User,
} from '@rounds/domain';
import { createSqliteStorage } from '@rounds/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { nodeIds } from './infra/nodeIds.ts';

/** Plain-text "hash": these tests are about which sessions end, not password hashing. */
const plainHasher: PasswordHasher = {
  hash: (p) => Promise.resolve(`plain:${p}`),
  verify: (h, p) => Promise.resolve(h === `plain:${p}`),
};

async function setup() {
  let now = 1_000_000;
  const clock = { now: () => now };
  const storage = createSqliteStorage(':memory:');
  const endings = new SessionEndings(storage.sessions);
  const events: SessionsEnded[] = [];
  endings.subscribe((e) => events.push(e));
  const policy = { idleTimeoutMs: 60 * 60_000, absoluteTimeoutMs: 8 * 60 * 60_000 };
  const auth = new AuthService(
    storage.users,
    storage.sessions,
    plainHasher,
    nodeIds,
    clock,
    policy,
    endings,
    storage.audit,
  );
  const users = new UserService(
    storage.users,
    storage.setupTokens,
    plainHasher,
    nodeIds,
    clock,
    endings,
    storage.audit,
  );
  const accounts = new AccountService(
    storage.users,
    storage.sessions,
    storage.accounts,
    plainHasher,
    nodeIds,
    clock,
    endings,
    storage.audit,
  );
  await users.bootstrapAdmin('admin@example.org', 'password-123');
  const admin = (await storage.users.findUserByEmail('admin@example.org')) as User;
  const student = await users.createUser(admin, {
    email: 's@example.org',
    name: 'S',
    password: 'password-123',
    role: 'student',
  });
  const signIn = async () => (await auth.login('s@example.org', 'password-123')).sessionSecret;
  const sessionId = (secret: string) => nodeIds.hashSecret(secret);
  return {
    auth,
    users,
    accounts,
    admin,
    student,
    events,
    signIn,
    sessionId,
    storage,
    advance: (ms: number) => (now += ms),
  };
}

describe('every way sessions end goes through SessionEndings', () => {
  it('sign-out ends that session only', async () => {
    const { auth, events, signIn, sessionId, student } = await setup();
    const a = await signIn();
    const b = await signIn();
    await auth.logout(a);
    expect(events).toEqual([
      { userId: student.id, sessions: { kind: 'only', ids: [sessionId(a)] }, reason: 'signed_out' },
    ]);
    expect(await auth.authenticate(a)).toBeNull();
    expect(await auth.authenticate(b)).not.toBeNull();
  });

  it('signing in again replaces the session the browser carried', async () => {
    const { auth, events, signIn, sessionId } = await setup();
    const a = await signIn();
    await auth.login('s@example.org', 'password-123', a);
    expect(events.map((e) => [e.reason, e.sessions])).toEqual([
      ['replaced', { kind: 'only', ids: [sessionId(a)] }],
    ]);
  });

  it('expiry, found at use or by the sweep, is announced', async () => {
    const { auth, events, signIn, sessionId, advance } = await setup();
    const a = await signIn();
    const b = await signIn();
    advance(61 * 60_000);
    expect(await auth.authenticate(a)).toBeNull();
    expect(await auth.pruneSessions()).toBe(1);
    expect(events.map((e) => [e.reason, e.sessions])).toEqual([
      ['expired', { kind: 'only', ids: [sessionId(a)] }],
      ['expired', { kind: 'only', ids: [sessionId(b)] }],
    ]);
  });

  it('disabling and role changes end every session; renaming and re-enabling end none', async () => {
    const { users, admin, student, events, signIn, auth } = await setup();
    const a = await signIn();
    await users.updateUser(admin, student.id, { name: 'Renamed' });
    await users.updateUser(admin, student.id, { role: 'student' });
    expect(events).toEqual([]);
    await users.updateUser(admin, student.id, { role: 'faculty' });
    expect(events.at(-1)).toEqual({
      userId: student.id,
      sessions: { kind: 'all' },
      reason: 'role_changed',
      role: 'faculty',
    });
    expect(await auth.authenticate(a)).toBeNull();
    await signIn();
    await users.updateUser(admin, student.id, { disabled: true });
    expect(events.at(-1)).toEqual({ userId: student.id, sessions: { kind: 'all' }, reason: 'disabled' });
    const count = events.length;
    await users.updateUser(admin, student.id, { disabled: false });
    expect(events).toHaveLength(count);
  });

  it('a password change ends all other sessions; a reset ends all; a wrong password ends none', async () => {
    const { accounts, admin, student, events, signIn, sessionId, auth } = await setup();
    const here = await signIn();
    const there = await signIn();
    await expect(accounts.changePassword(here, 'wrong-password', 'new-password-1')).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect(events).toEqual([]);
    await accounts.changePassword(here, 'password-123', 'new-password-1');
    expect(events.at(-1)).toEqual({
      userId: student.id,
      sessions: { kind: 'allExcept', keep: sessionId(here) },
      reason: 'password_changed',
    });
    expect(await auth.authenticate(here)).not.toBeNull();
    expect(await auth.authenticate(there)).toBeNull();
    const { token } = await accounts.issueResetLink(admin, student.id);
    await accounts.resetPassword(token, 'reset-password-1');
    expect(events.at(-1)).toEqual({
      userId: student.id,
      sessions: { kind: 'all' },
      reason: 'password_reset',
    });
    expect(await auth.authenticate(here)).toBeNull();
  });
});
