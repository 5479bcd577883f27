import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createUser, type ApiClient } from '../support/api.ts';
import {
  acknowledgeCurrent,
  auditEntries,
  publishGuidelines,
  type GuidelinesBody,
} from '../support/professionalism.ts';
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

describe('guidelines are versioned and acknowledged', () => {
  it('ships a default version 1, not enforced, rendered to HTML', async () => {
    const { client } = await createUser(admin, 'learner');
    const res = await client.get<GuidelinesBody>('/api/guidelines');
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
    expect(res.body.enforce).toBe(false);
    expect(res.body.markdown).toContain('confidentiality');
    expect(res.body.html).toContain('<h1>');
    expect((await client.get('/api/me')).body.acknowledgedVersion).toBeNull();
  });

  it('is not readable signed out', async () => {
    const anonymous = await fetch(`${server.url}/api/guidelines`);
    expect(anonymous.status).toBe(401);
  });

  it('works without acknowledging while not enforced (API clients keep working)', async () => {
    const { client } = await createUser(admin, 'student');
    expect((await client.post('/api/pages', { title: 'Asthma' })).status).toBe(201);
  });

  it('records an acknowledgement of the current version only, audited', async () => {
    const { client, id } = await createUser(admin, 'student');
    const current = (await client.get<GuidelinesBody>('/api/guidelines')).body.version;
    const stale = await client.post('/api/me/acknowledge', { version: current + 5 });
    expect(stale.status).toBe(409);
    expect((await client.get('/api/me')).body.acknowledgedVersion).toBeNull();
    expect((await client.post('/api/me/acknowledge', { version: 'one' })).status).toBe(400);
    expect((await client.post('/api/me/acknowledge', { version: current })).status).toBe(204);
    expect((await client.get('/api/me')).body.acknowledgedVersion).toBe(current);
    // Acknowledging again is harmless and audited once.
    expect((await client.post('/api/me/acknowledge', { version: current })).status).toBe(204);
    const entries = (await auditEntries(admin, 'guidelines.acknowledged')).filter((e) => e.actor === id);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.data).toEqual({ version: current });
  });

  it('only admins publish; a new version makes the old acknowledgement not count', async () => {
    const { client } = await createUser(admin, 'faculty');
    const v1 = await acknowledgeCurrent(client);
    const refused = await client.request('PUT', '/api/guidelines', { markdown: '# Mine', enforce: false });
    expect(refused.status).toBe(403);
    expect((await admin.request('PUT', '/api/guidelines', { markdown: '   ', enforce: false })).status).toBe(
      400,
    );
    expect((await admin.request('PUT', '/api/guidelines', { enforce: false })).status).toBe(400);

    const text = 'Be kind. Keep patients anonymous. Secret-looking sentence 7391.';
    const v2 = await publishGuidelines(admin, text, false);
    expect(v2.version).toBe(v1 + 1);
    const seen = (await client.get<GuidelinesBody>('/api/guidelines')).body;
    expect(seen).toMatchObject({ version: v1 + 1, markdown: text, enforce: false });
    expect((await client.get('/api/me')).body.acknowledgedVersion).toBe(v1);
    // The old version can no longer be acknowledged.
    expect((await client.post('/api/me/acknowledge', { version: v1 })).status).toBe(409);

    const updates = await auditEntries(admin, 'guidelines.updated');
    const last = updates.at(-1);
    expect(last?.data).toEqual({ version: v1 + 1, enforce: false });
    expect(JSON.stringify(updates)).not.toContain('Secret-looking');
  });

  it('caps the Markdown at 20,000 characters', async () => {
    const res = await admin.request('PUT', '/api/guidelines', {
      markdown: 'a'.repeat(20_001),
      enforce: false,
    });
    expect(res.status).toBe(413);
    expect((await admin.get<GuidelinesBody>('/api/guidelines')).body.markdown).not.toMatch(/^a+$/);
  });
});
