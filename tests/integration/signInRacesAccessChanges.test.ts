import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, asAdmin, createUser, TEST_PASSWORD, type ApiResponse } from '../support/api.ts';
import { GatedHasher } from '../support/gatedHasher.ts';
import { startServer, type TestServer } from '../support/server.ts';

/**
 * A sign-in verifies the password (Argon2, ~50 ms) before it starts its session. Whatever changes
 * the account in that window — a password change or reset, disabling, a role change — must win:
 * no session made with the old password (or for a disabled account) may exist after the change.
 * The hasher holds one verification at the gate so the change lands exactly there.
 */
const hasher = new GatedHasher();
let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer({}, undefined, { hasher });
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

/** Starts a sign-in and returns once its password has been verified (held before its session). */
async function signInHeldAfterVerify(
  email: string,
  password: string,
): Promise<{ client: ApiClient; finish: () => Promise<ApiResponse> }> {
  const held = hasher.holdNextVerify();
  const client = new ApiClient(server.url);
  const response = client.post('/api/auth/login', { email, password });
  await held.reached;
  return {
    client,
    finish: () => {
      held.release();
      return response;
    },
  };
}

async function issueLinkToken(userId: string): Promise<string> {
  const res = await admin.post<{ url: string }>(`/api/users/${userId}/reset-link`, {});
  expect(res.status).toBe(201);
  return new URL(res.body.url).searchParams.get('token') ?? '';
}

describe('a sign-in in flight does not survive an access change', () => {
  it('a password change between verifying and starting the session: the late sign-in is refused', async () => {
    const owner = await createUser(admin, 'student');
    const late = await signInHeldAfterVerify(owner.email, TEST_PASSWORD);
    const change = await owner.client.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'brand-new-password-9',
    });
    expect(change.status).toBe(204);
    const res = await late.finish();
    expect(res.status).toBe(401);
    expect(late.client.cookie).toBeUndefined();
    expect((await late.client.get('/api/me')).status).toBe(401);
    // The owner's own session and the new password are untouched.
    expect((await owner.client.get('/api/me')).status).toBe(200);
    await new ApiClient(server.url).login(owner.email, 'brand-new-password-9');
  });

  it('a reset between verifying and starting the session: the late sign-in is refused', async () => {
    const owner = await createUser(admin, 'faculty');
    const token = await issueLinkToken(owner.id);
    const late = await signInHeldAfterVerify(owner.email, TEST_PASSWORD);
    const reset = await new ApiClient(server.url).post('/api/auth/reset', {
      token,
      password: 'brand-new-password-9',
    });
    expect(reset.status).toBe(204);
    expect((await late.finish()).status).toBe(401);
    expect((await late.client.get('/api/me')).status).toBe(401);
  });

  it('disabling between verifying and starting the session: no session, not even after re-enabling', async () => {
    const owner = await createUser(admin, 'student');
    const late = await signInHeldAfterVerify(owner.email, TEST_PASSWORD);
    expect((await admin.request('PATCH', `/api/users/${owner.id}`, { disabled: true })).status).toBe(200);
    expect((await late.finish()).status).toBe(401);
    expect((await admin.request('PATCH', `/api/users/${owner.id}`, { disabled: false })).status).toBe(200);
    expect((await late.client.get('/api/me')).status).toBe(401);
  });

  it('a role change between verifying and starting the session: the session has the new role', async () => {
    const owner = await createUser(admin, 'faculty');
    const late = await signInHeldAfterVerify(owner.email, TEST_PASSWORD);
    expect((await admin.request('PATCH', `/api/users/${owner.id}`, { role: 'learner' })).status).toBe(200);
    const res = await late.finish();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { id: owner.id, role: 'learner' } });
    expect((await late.client.get('/api/me')).body).toMatchObject({ role: 'learner' });
  });

  it('a password change that verified before a reset does not overwrite the reset password', async () => {
    const owner = await createUser(admin, 'student');
    const attacker = await new ApiClient(server.url).login(owner.email, TEST_PASSWORD);
    const token = await issueLinkToken(owner.id);
    const held = hasher.holdNextVerify();
    const change = attacker.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'attackers-password-1',
    });
    await held.reached;
    const reset = await new ApiClient(server.url).post('/api/auth/reset', {
      token,
      password: 'owners-new-password-1',
    });
    expect(reset.status).toBe(204);
    held.release();
    expect((await change).status).toBe(401);
    await new ApiClient(server.url).login(owner.email, 'owners-new-password-1');
    const stolen = await new ApiClient(server.url).post('/api/auth/login', {
      email: owner.email,
      password: 'attackers-password-1',
    });
    expect(stolen.status).toBe(401);
  });
});

describe('sessions per person are bounded', () => {
  it('keeps the newest 20 sessions: signing in a 21st time ends the oldest', async () => {
    const person = await createUser(admin, 'student');
    // createUser signed in once already.
    const clients = [person.client];
    for (let i = 0; i < 24; i++)
      clients.push(await new ApiClient(server.url).login(person.email, TEST_PASSWORD));
    const statuses = await Promise.all(clients.map(async (c) => (await c.get('/api/me')).status));
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array<number>(20).fill(200));
  });
});
