import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import { startServer, type TestServer } from '../support/server.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
let offset = 0;
const clock = { now: () => Date.now() + offset };

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer({}, undefined, { clock });
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

const anonymous = (): ApiClient => new ApiClient(server.url);
const canSignIn = async (email: string, password: string): Promise<boolean> =>
  (await anonymous().post('/api/auth/login', { email, password })).status === 200;

async function issueLink(userId: string): Promise<{ url: string; token: string; expiresAt: string }> {
  const res = await admin.post<{ url: string; expiresAt: string }>(`/api/users/${userId}/reset-link`, {});
  expect(res.status).toBe(201);
  return { ...res.body, token: new URL(res.body.url).searchParams.get('token') ?? '' };
}

describe('one-time password reset links (CONTRACT "Accounts")', () => {
  it('an admin issues a 24 h link to /reset on our origin; it sets the password once and ends every session', async () => {
    const person = await createUser(admin, 'student');
    const otherDevice = await new ApiClient(server.url).login(person.email, TEST_PASSWORD);
    const before = clock.now();
    const link = await issueLink(person.id);
    expect(Object.keys(link).sort()).toEqual(['expiresAt', 'token', 'url']);
    const url = new URL(link.url);
    expect(url.origin).toBe(new URL(server.url).origin);
    expect(url.pathname).toBe('/reset');
    expect(link.token.length).toBeGreaterThanOrEqual(22);
    const expiresAt = Date.parse(link.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + DAY_MS);
    expect(expiresAt).toBeLessThan(before + DAY_MS + 60_000);

    const check = await anonymous().post('/api/auth/reset/check', { token: link.token });
    expect(check.status).toBe(200);
    expect(check.body).toEqual({ email: person.email, expiresAt: link.expiresAt });

    const reset = await anonymous().post('/api/auth/reset', {
      token: link.token,
      password: 'a-reset-password',
    });
    expect(reset.status).toBe(204);
    expect((await person.client.get('/api/me')).status).toBe(401);
    expect((await otherDevice.get('/api/me')).status).toBe(401);
    expect(await canSignIn(person.email, 'a-reset-password')).toBe(true);
    expect(await canSignIn(person.email, TEST_PASSWORD)).toBe(false);

    // Used: both the check and a second use say so at once, and nothing changes.
    const again = await anonymous().post('/api/auth/reset', {
      token: link.token,
      password: 'another-password',
    });
    expect(again.status).toBe(410);
    expect(again.body).toEqual({
      error: 'link_used',
      message: 'This link was already used — sign in, or ask an admin for a new one',
    });
    const recheck = await anonymous().post('/api/auth/reset/check', { token: link.token });
    expect(recheck.status).toBe(410);
    expect(recheck.body).toMatchObject({ error: 'link_used' });
    expect(await canSignIn(person.email, 'a-reset-password')).toBe(true);

    const adminId = (await admin.get<{ id: string }>('/api/me')).body.id;
    const audit = await admin.get<{ entries: { action: string; actor: string; target: string }[] }>(
      '/api/audit?limit=1000',
    );
    const actions = audit.body.entries.filter((e) => e.target === `user:${person.id}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'user.reset_link_issued', actor: adminId }),
        expect.objectContaining({ action: 'user.password_reset', actor: person.id }),
      ]),
    );
    expect(JSON.stringify(audit.body)).not.toContain(link.token);
    expect(JSON.stringify(audit.body)).not.toContain('a-reset-password');
  });

  it('answers 410 link_invalid for an unknown token and for a link replaced by a newer one', async () => {
    const unknown = await anonymous().post('/api/auth/reset', {
      token: 'no-such-token',
      password: 'whatever-123',
    });
    expect(unknown.status).toBe(410);
    expect(unknown.body).toMatchObject({
      error: 'link_invalid',
      message: expect.stringMatching(/not valid/) as unknown,
    });
    expect((await anonymous().post('/api/auth/reset/check', { token: 'no-such-token' })).status).toBe(410);

    const person = await createUser(admin, 'faculty');
    const first = await issueLink(person.id);
    const second = await issueLink(person.id);
    const old = await anonymous().post('/api/auth/reset', {
      token: first.token,
      password: 'first-link-pass',
    });
    expect(old.status).toBe(410);
    expect(old.body).toMatchObject({ error: 'link_invalid' });
    expect(await canSignIn(person.email, TEST_PASSWORD)).toBe(true);
    const ok = await anonymous().post('/api/auth/reset', {
      token: second.token,
      password: 'second-link-pass',
    });
    expect(ok.status).toBe(204);
  });

  it('refuses a weak password with 400 and leaves the link usable', async () => {
    const person = await createUser(admin, 'student');
    const link = await issueLink(person.id);
    const weak = await anonymous().post('/api/auth/reset', { token: link.token, password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ error: 'validation_failed' });
    expect((await anonymous().post('/api/auth/reset/check', { token: link.token })).status).toBe(200);
    expect((await person.client.get('/api/me')).status).toBe(200);
  });

  it('a disabled person’s link answers 410; links are for admins to issue (403) to existing users (404)', async () => {
    const person = await createUser(admin, 'student');
    const link = await issueLink(person.id);
    expect((await admin.request('PATCH', `/api/users/${person.id}`, { disabled: true })).status).toBe(200);
    const check = await anonymous().post('/api/auth/reset/check', { token: link.token });
    expect(check.status).toBe(410);
    const use = await anonymous().post('/api/auth/reset', { token: link.token, password: 'disabled-pass-1' });
    expect(use.status).toBe(410);
    expect(use.body).toMatchObject({ error: 'link_invalid' });
    expect((await admin.post(`/api/users/${person.id}/reset-link`, {})).status).toBe(409);

    const faculty = await createUser(admin, 'faculty');
    expect((await faculty.client.post(`/api/users/${faculty.id}/reset-link`, {})).status).toBe(403);
    expect((await anonymous().post(`/api/users/${faculty.id}/reset-link`, {})).status).toBe(401);
    expect((await admin.post('/api/users/no-such-user/reset-link', {})).status).toBe(404);
  });

  it('a link issued before the account was disabled stays dead after it is enabled again', async () => {
    const person = await createUser(admin, 'student');
    const link = await issueLink(person.id);
    expect((await admin.request('PATCH', `/api/users/${person.id}`, { disabled: true })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/users/${person.id}`, { disabled: false })).status).toBe(200);
    const check = await anonymous().post('/api/auth/reset/check', { token: link.token });
    expect(check.status).toBe(410);
    const use = await anonymous().post('/api/auth/reset', { token: link.token, password: 'reopened-pass-1' });
    expect(use.status).toBe(410);
    expect(use.body).toMatchObject({ error: 'link_invalid' });
    expect(await canSignIn(person.email, TEST_PASSWORD)).toBe(true);
    // A new link works: the admin decides again.
    const fresh = await issueLink(person.id);
    expect(
      (await anonymous().post('/api/auth/reset', { token: fresh.token, password: 'reopened-pass-1' })).status,
    ).toBe(204);
  });

  it('an unused link stops working when its owner changes their own password', async () => {
    const person = await createUser(admin, 'faculty');
    const link = await issueLink(person.id);
    const change = await person.client.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'owners-choice-1',
    });
    expect(change.status).toBe(204);
    const use = await anonymous().post('/api/auth/reset', { token: link.token, password: 'someone-else-1' });
    expect(use.status).toBe(410);
    expect(use.body).toMatchObject({ error: 'link_invalid' });
    expect(await canSignIn(person.email, 'owners-choice-1')).toBe(true);
  });

  it('an unused link stops working when the role changes (issued for the account as it was)', async () => {
    const person = await createUser(admin, 'student');
    const link = await issueLink(person.id);
    expect((await admin.request('PATCH', `/api/users/${person.id}`, { role: 'faculty' })).status).toBe(200);
    const use = await anonymous().post('/api/auth/reset', { token: link.token, password: 'promoted-pass-1' });
    expect(use.status).toBe(410);
    expect(use.body).toMatchObject({ error: 'link_invalid' });
    expect(await canSignIn(person.email, TEST_PASSWORD)).toBe(true);
  });

  // Last: it moves this server's clock a day ahead.
  it('answers 410 link_expired once the 24 h are over, and changes nothing', async () => {
    const person = await createUser(admin, 'student');
    const link = await issueLink(person.id);
    offset += DAY_MS - 60_000;
    expect((await anonymous().post('/api/auth/reset/check', { token: link.token })).status).toBe(200);
    offset += 61_000;
    const check = await anonymous().post('/api/auth/reset/check', { token: link.token });
    expect(check.status).toBe(410);
    expect(check.body).toMatchObject({
      error: 'link_expired',
      message: expect.stringMatching(/expired/) as unknown,
    });
    const use = await anonymous().post('/api/auth/reset', { token: link.token, password: 'too-late-pass' });
    expect(use.status).toBe(410);
    expect(use.body).toMatchObject({ error: 'link_expired' });
    expect(await canSignIn(person.email, TEST_PASSWORD)).toBe(true);
  });
});

describe('reset links behind PUBLIC_URL, and the per-address limit', () => {
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startServer({ PUBLIC_URL: 'https://rounds.example.org', COOKIE_SECURE: 'false' });
  });
  afterAll(async () => {
    await proxied.stop();
  });

  it('builds the link on PUBLIC_URL, like the setup link', async () => {
    const admin2 = await asAdmin(proxied.url);
    const person = await createUser(admin2, 'student');
    const res = await admin2.post<{ url: string }>(`/api/users/${person.id}/reset-link`, {});
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/^https:\/\/rounds\.example\.org\/reset\?token=[A-Za-z0-9_-]+$/);
  });

  it('limits reset requests per address (429 past 30 in 15 minutes)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push(
        (await new ApiClient(proxied.url).post('/api/auth/reset/check', { token: `t${i}` })).status,
      );
    }
    expect(statuses.slice(0, 30).every((s) => s === 410)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    const use = await new ApiClient(proxied.url).post('/api/auth/reset', {
      token: 'x',
      password: 'whatever-123',
    });
    expect(use.status).toBe(429);
  });
});
