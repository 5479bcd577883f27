import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

const canSignIn = async (email: string, password: string): Promise<boolean> =>
  (await new ApiClient(server.url).post('/api/auth/login', { email, password })).status === 200;

interface AuditEntry {
  action: string;
  actor: string | null;
  target: string;
  data: Record<string, unknown>;
}

describe('POST /api/me/password (CONTRACT "Accounts")', () => {
  it('changes the password: 204, the other sessions end, this one stays; audited with ids only', async () => {
    const person = await createUser(admin, 'student');
    const otherDevice = await new ApiClient(server.url).login(person.email, TEST_PASSWORD);
    const res = await person.client.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'my-new-password-1',
    });
    expect(res.status).toBe(204);
    expect((await person.client.get('/api/me')).status).toBe(200);
    expect((await otherDevice.get('/api/me')).status).toBe(401);
    expect(await canSignIn(person.email, 'my-new-password-1')).toBe(true);
    expect(await canSignIn(person.email, TEST_PASSWORD)).toBe(false);

    const audit = await admin.get<{ entries: AuditEntry[] }>('/api/audit?limit=1000');
    const entry = audit.body.entries.find(
      (e) => e.action === 'user.password_changed' && e.target === `user:${person.id}`,
    );
    expect(entry).toMatchObject({ actor: person.id, data: {} });
    expect(JSON.stringify(audit.body)).not.toContain('my-new-password-1');
  });

  it('refuses a wrong current password with 401 and changes nothing', async () => {
    const person = await createUser(admin, 'faculty');
    const otherDevice = await new ApiClient(server.url).login(person.email, TEST_PASSWORD);
    const res = await person.client.post('/api/me/password', {
      currentPassword: 'not-my-password',
      newPassword: 'my-new-password-1',
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'unauthenticated' });
    // Still signed in everywhere, and the old password still works.
    expect((await person.client.get('/api/me')).status).toBe(200);
    expect((await otherDevice.get('/api/me')).status).toBe(200);
    expect(await canSignIn(person.email, TEST_PASSWORD)).toBe(true);
    expect(await canSignIn(person.email, 'my-new-password-1')).toBe(false);
  });

  it('refuses a new password under 10 characters with 400 validation_failed and changes nothing', async () => {
    const person = await createUser(admin, 'student');
    const res = await person.client.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short-9ch',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation_failed' });
    expect(await canSignIn(person.email, TEST_PASSWORD)).toBe(true);
    const missing = await person.client.post('/api/me/password', { newPassword: 'long-enough-1' });
    expect(missing.status).toBe(400);
  });

  it('needs a session (401)', async () => {
    const res = await new ApiClient(server.url).post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'my-new-password-1',
    });
    expect(res.status).toBe(401);
  });

  it('counts wrong current passwords with sign-in attempts: guessing through it is throttled (429)', async () => {
    const person = await createUser(admin, 'student');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await person.client.post('/api/me/password', {
        currentPassword: `guess-number-${i}`,
        newPassword: 'my-new-password-1',
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Even the right password is refused from here until the block ends: the guesses counted.
    const right = await person.client.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'my-new-password-1',
    });
    expect(right.status).toBe(429);
  });
});
