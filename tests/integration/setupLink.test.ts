import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api.ts';
import { startChildServer, startServer, type TestServer } from '../support/server.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let server: TestServer | undefined;

const admin = (who: string) => ({
  email: `${who}@example.org`,
  name: `Admin ${who}`,
  password: `${who}-admin-password`,
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('first-admin setup', () => {
  it('a one-time setup link creates the first admin, signs them in, and cannot be reused', async () => {
    server = await startServer({}, undefined, { bootstrapAdmin: false });
    const anon = new ApiClient(server.url);
    expect((await anon.get('/api/setup')).body).toEqual({ needed: true });
    const token = await server.rounds.users.issueSetupToken();
    expect(token).toBeTruthy();
    const bad = await anon.post('/api/setup', {
      token: 'wrong',
      email: 'first@example.org',
      name: 'First',
      password: 'first-admin-pass',
    });
    expect(bad.status).toBe(403);
    const res = await anon.post('/api/setup', {
      token,
      email: 'first@example.org',
      name: 'First Admin',
      password: 'first-admin-pass',
    });
    expect(res.status).toBe(201);
    expect((await anon.get('/api/me')).body).toMatchObject({ email: 'first@example.org', role: 'admin' });
    expect((await anon.get('/api/setup')).body).toEqual({ needed: false });
    const again = await new ApiClient(server.url).post('/api/setup', {
      token,
      email: 'second@example.org',
      name: 'Second',
      password: 'second-admin-pass',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'conflict' });
    expect(await server.rounds.users.issueSetupToken()).toBeNull();
  });

  it('issuing a setup link (as every start without users does) invalidates the earlier ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-setup-'));
    try {
      let first = await startServer({}, dir, { bootstrapAdmin: false });
      const old = await first.rounds.users.issueSetupToken();
      await first.stop();
      // A restart issues a new link; the old one must stop working.
      first = await startServer({}, dir, { bootstrapAdmin: false });
      const current = await first.rounds.users.issueSetupToken();
      const anon = new ApiClient(first.url);
      const stale = await anon.post('/api/setup', { token: old, ...admin('stale') });
      expect(stale.status).toBe(403);
      expect((await anon.post('/api/setup', { token: current, ...admin('current') })).status).toBe(201);
      await first.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the same link used twice at once creates one admin; the other request gets 409', async () => {
    server = await startServer({}, undefined, { bootstrapAdmin: false });
    const token = await server.rounds.users.issueSetupToken();
    const attempts = ['a', 'b', 'c'].map((who) =>
      new ApiClient(server?.url ?? '').post('/api/setup', { token, ...admin(who) }),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    expect(await server.rounds.storage.users.countUsers()).toBe(1);
  });

  it('two links (an old and a new one) used at once create exactly one admin', async () => {
    server = await startServer({}, undefined, { bootstrapAdmin: false });
    const older = await server.rounds.users.issueSetupToken();
    const newer = await server.rounds.users.issueSetupToken();
    const [a, b] = await Promise.all([
      new ApiClient(server.url).post('/api/setup', { token: older, ...admin('older') }),
      new ApiClient(server.url).post('/api/setup', { token: newer, ...admin('newer') }),
    ]);
    expect(b?.status).toBe(201);
    expect([403, 409]).toContain(a?.status);
    expect(await server.rounds.storage.users.countUsers()).toBe(1);
  });

  it('prints the setup link at start when there are no users and no admin variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-setup-'));
    const child = await startChildServer(dir, { ROUNDS_ADMIN_EMAIL: '', ROUNDS_ADMIN_PASSWORD: '' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const link = /(http:\/\/127\.0\.0\.1:\d+\/setup\?token=[\w-]+)/.exec(child.output())?.[1];
      expect(link).toBeTruthy();
    } finally {
      child.process.kill('SIGTERM');
      expect(await child.exited).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two servers bootstrapping the same admin at once create exactly one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-race-'));
    const [a, b] = await Promise.all([startServer({}, dir), startServer({}, dir)]);
    try {
      expect(await a.rounds.storage.users.countUsers()).toBe(1);
      expect(await b.rounds.users.bootstrapAdmin('admin@example.org', 'admin-password-1')).toBe('exists');
    } finally {
      await a.stop();
      await b.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
