import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import { ADMIN, startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('auth and sessions', () => {
  it('signs in with an HttpOnly SameSite cookie and returns the user', async () => {
    const client = new ApiClient(server.url);
    const res = await client.post<{ user: { email: string; role: string } }>('/api/auth/login', ADMIN);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/rounds_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: ADMIN.email, name: 'Administrator', role: 'admin' });
    // Nothing else about the account (no hash, no sessions); the guidelines' acknowledgement is the contract's.
    expect(Object.keys(me.body).sort()).toEqual(['acknowledgedVersion', 'email', 'id', 'name', 'role']);
  });

  it('answers unknown email and wrong password with the identical 401', async () => {
    const a = await new ApiClient(server.url).post('/api/auth/login', {
      email: 'nobody@example.org',
      password: 'whatever-123',
    });
    const b = await new ApiClient(server.url).post('/api/auth/login', {
      email: ADMIN.email,
      password: 'wrong-password',
    });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body).toEqual(b.body);
    expect(a.body).toMatchObject({ error: 'unauthenticated' });
  });

  it('regenerates the session at login and ends it at logout', async () => {
    const client = await asAdmin(server.url);
    const first = client.cookie;
    await client.login(ADMIN.email, ADMIN.password);
    expect(client.cookie).not.toBe(first);
    const stale = new ApiClient(server.url);
    stale.cookie = first;
    expect((await stale.get('/api/me')).status).toBe(401);
    const kept = client.cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const replay = new ApiClient(server.url);
    replay.cookie = kept;
    expect((await replay.get('/api/me')).status).toBe(401);
  });

  it('refuses /api/me without a session and with a forged cookie', async () => {
    expect((await new ApiClient(server.url).get('/api/me')).status).toBe(401);
    const forged = new ApiClient(server.url);
    forged.cookie = 'rounds_session=forged-value';
    const res = await forged.get('/api/me');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'unauthenticated' });
  });

  it('throttles repeated failures with 429 without locking the account for other addresses', async () => {
    const admin = await asAdmin(server.url);
    const victim = await createUser(admin, 'student');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await new ApiClient(server.url).post('/api/auth/login', {
        email: victim.email,
        password: `guess-${i}-xxxx`,
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Even the right password is throttled from this address for now…
    const blocked = await new ApiClient(server.url).post('/api/auth/login', {
      email: victim.email,
      password: TEST_PASSWORD,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: 'rate_limited' });
    // The per-account+IP block does not touch other addresses; see the proxy test below.
  });
});

describe('users', () => {
  it('lets an admin create users of every role and refuses everyone else with 403', async () => {
    const admin = await asAdmin(server.url);
    for (const role of ['student', 'faculty', 'learner', 'admin'] as const) {
      const u = await createUser(admin, role);
      const me = await u.client.get('/api/me');
      expect(me.body).toMatchObject({ role });
    }
    const student = await createUser(admin, 'student');
    const res = await student.client.post('/api/users', {
      email: 'x@example.org',
      name: 'X',
      password: 'long-enough-1',
      role: 'admin',
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'forbidden' });
  });

  it('refuses a duplicate email with 409 and invalid input with 400', async () => {
    const admin = await asAdmin(server.url);
    const dup = await admin.post('/api/users', {
      email: ADMIN.email,
      name: 'Again',
      password: 'long-enough-1',
      role: 'student',
    });
    expect(dup.status).toBe(409);
    const bad = await admin.post('/api/users', {
      email: 'not-an-email',
      name: '',
      password: 'short',
      role: 'wizard',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'validation_failed' });
  });

  it('disabling a user ends their access', async () => {
    const admin = await asAdmin(server.url);
    const u = await createUser(admin, 'student');
    const res = await admin.request('PATCH', `/api/users/${u.id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect((await u.client.get('/api/me')).status).toBe(401);
    // The sessions are gone, not merely refused: enabling the account again does not revive them.
    await admin.request('PATCH', `/api/users/${u.id}`, { disabled: false });
    expect((await u.client.get('/api/me')).status).toBe(401);
  });
});

describe('login throttling behind a proxy', () => {
  it('blocks the guessing address but lets the real user in from elsewhere, however many addresses guess', async () => {
    // With PUBLIC_URL set the server trusts X-Forwarded-For from the loopback proxy.
    const proxied = await startServer({ PUBLIC_URL: 'https://rounds.example.edu' });
    try {
      const admin = await asAdmin(proxied.url);
      const victim = await createUser(admin, 'student');
      const from = (ip: string, password: string) =>
        new ApiClient(proxied.url).request(
          'POST',
          '/api/auth/login',
          { email: victim.email, password },
          { 'x-forwarded-for': ip },
        );
      for (let i = 0; i < 5; i++) expect((await from('203.0.113.7', `guess-${i}-xxxx`)).status).toBe(401);
      expect((await from('203.0.113.7', TEST_PASSWORD)).status).toBe(429);
      expect((await from('198.51.100.20', TEST_PASSWORD)).status).toBe(200);
      // A distributed guesser only slows the account down: the right password still gets in.
      await Promise.all(Array.from({ length: 20 }, (_, i) => from(`192.0.2.${i + 1}`, `guess-${i}-yyyy`)));
      const started = Date.now();
      expect((await from('198.51.100.21', TEST_PASSWORD)).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await proxied.stop();
    }
  });
});
