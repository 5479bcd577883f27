import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import { startServer, type TestServer } from '../support/server.ts';

interface Entry {
  seq: number;
  actor: string | null;
  action: string;
  target: string;
  data: Record<string, unknown>;
}

let server: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
});
afterAll(() => server.stop());

const authEntries = async (after: number): Promise<Entry[]> =>
  (await admin.get<{ entries: Entry[] }>(`/api/audit?action=auth.&after=${after}&limit=1000`)).body.entries;
const lastSeq = async (): Promise<number> =>
  (await admin.get<{ entries: Entry[] }>('/api/audit?order=desc&limit=1')).body.entries[0]?.seq ?? 0;

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  new ApiClient(server.url).request('POST', '/api/auth/login', { email, password }, headers);

describe('sign-ins in the audit log', () => {
  it('records a sign-in, failures with the account as target (or none) and a sign-out, with the address only', async () => {
    const person = await createUser(admin, 'student');
    const before = await lastSeq();

    expect((await login(person.email, 'not-the-password')).status).toBe(401);
    expect((await login('nobody-here@example.org', 'a-guessed-password')).status).toBe(401);
    const client = await new ApiClient(server.url).login(person.email, TEST_PASSWORD);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    // Signing out without a session records nothing.
    expect((await new ApiClient(server.url).post('/api/auth/logout')).status).toBe(204);

    const entries = await authEntries(before);
    expect(entries.map((e) => [e.action, e.actor, e.target, e.data.reason])).toEqual([
      ['auth.sign_in_failed', null, `user:${person.id}`, 'wrong_password'],
      ['auth.sign_in_failed', null, '', 'unknown_account'],
      ['auth.signed_in', person.id, `user:${person.id}`, undefined],
      ['auth.signed_out', person.id, `user:${person.id}`, undefined],
    ]);
    for (const e of entries) expect(e.data.ip).toMatch(/127\.0\.0\.1$/);
    const text = JSON.stringify(entries);
    for (const secret of [
      person.email,
      'nobody-here',
      'not-the-password',
      'a-guessed-password',
      TEST_PASSWORD,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('a disabled account failing to sign in is recorded as such', async () => {
    const person = await createUser(admin, 'student');
    await admin.request('PATCH', `/api/users/${person.id}`, { disabled: true });
    const before = await lastSeq();
    expect((await login(person.email, TEST_PASSWORD)).status).toBe(401);
    expect((await authEntries(before)).map((e) => [e.action, e.target, e.data.reason])).toEqual([
      ['auth.sign_in_failed', `user:${person.id}`, 'disabled'],
    ]);
  });

  it('a flood of refused sign-ins writes one row per verified attempt, not one per request', async () => {
    const person = await createUser(admin, 'student');
    const before = await lastSeq();
    const headers = { 'x-forwarded-for': '198.51.100.1' }; // not trusted here: the socket address counts
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await login(person.email, `guess-${i}`, headers)).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    const failed = (await authEntries(before)).filter((e) => e.action === 'auth.sign_in_failed');
    expect(failed).toHaveLength(5);
  });
});

describe('the first admin', () => {
  it('created through the setup link is audited as created and signed in, by themselves', async () => {
    const fresh = await startServer({}, undefined, { bootstrapAdmin: false });
    try {
      const token = (await fresh.rounds.users.issueSetupToken()) ?? '';
      const first = new ApiClient(fresh.url);
      const created = await first.post<{ user: { id: string } }>('/api/setup', {
        token,
        email: 'first@example.org',
        name: 'First Admin',
        password: 'first-admin-pass',
      });
      expect(created.status).toBe(201);
      const id = created.body.user.id;
      const entries = (await first.get<{ entries: Entry[] }>('/api/audit')).body.entries;
      expect(entries.map((e) => [e.action, e.actor, e.target, e.data.via])).toEqual([
        ['user.created', id, `user:${id}`, 'setup'],
        ['auth.signed_in', id, `user:${id}`, 'setup'],
      ]);
      expect(JSON.stringify(entries)).not.toContain(token);
    } finally {
      await fresh.stop();
    }
  });
});

describe('the address behind a trusted proxy', () => {
  it('is the forwarded client address, as the sign-in throttle uses', async () => {
    const proxied = await startServer({ TRUST_PROXY: 'loopback' });
    try {
      const proxiedAdmin = await asAdmin(proxied.url);
      const person = await createUser(proxiedAdmin, 'student');
      await new ApiClient(proxied.url).request(
        'POST',
        '/api/auth/login',
        { email: person.email, password: 'wrong-password-1' },
        { 'x-forwarded-for': '203.0.113.7' },
      );
      const entries = (await proxiedAdmin.get<{ entries: Entry[] }>('/api/audit?action=auth.sign_in_failed'))
        .body.entries;
      expect(entries.map((e) => e.data.ip)).toEqual(['203.0.113.7']);
    } finally {
      await proxied.stop();
    }
  });
});
