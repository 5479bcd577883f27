import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, type ApiClient, createPage, createUser } from '../support/api.ts';
import { connectCollabWith, upgradeStatus, waitSynced } from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let pageId: string;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  pageId = await createPage(admin);
});
afterAll(async () => {
  await server.stop();
});

const cookieHeader = (client: ApiClient): Record<string, string> =>
  client.cookie ? { cookie: client.cookie } : {};

describe('collaboration upgrade refusals', () => {
  it('accepts a student, faculty member and admin on an existing page (101)', async () => {
    const student = await createUser(admin, 'student');
    const faculty = await createUser(admin, 'faculty');
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, cookieHeader(student.client))).toBe(101);
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, cookieHeader(faculty.client))).toBe(101);
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, cookieHeader(admin))).toBe(101);
  });

  it('refuses an upgrade without a session cookie with HTTP 401', async () => {
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`)).toBe(401);
  });

  it('refuses an upgrade with an unknown session cookie with HTTP 401', async () => {
    expect(
      await upgradeStatus(server.wsUrl, `/collab/${pageId}`, { cookie: 'rounds_session=not-a-session' }),
    ).toBe(401);
  });

  it('refuses an upgrade with the cookie of a logged-out session with HTTP 401', async () => {
    const student = await createUser(admin, 'student');
    const stale = cookieHeader(student.client);
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, stale)).toBe(101);
    const res = await student.client.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, stale)).toBe(401);
  });

  it('refuses a learner with HTTP 403', async () => {
    const learner = await createUser(admin, 'learner');
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, cookieHeader(learner.client))).toBe(403);
  });

  it('refuses an unknown page id with HTTP 404', async () => {
    expect(await upgradeStatus(server.wsUrl, '/collab/no-such-page', cookieHeader(admin))).toBe(404);
    expect(await upgradeStatus(server.wsUrl, '/collab/bad%20id!', cookieHeader(admin))).toBe(404);
  });

  it('refuses a foreign Origin with HTTP 403 even with a valid session', async () => {
    const student = await createUser(admin, 'student');
    const headers = { ...cookieHeader(student.client), origin: 'https://evil.example' };
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, headers)).toBe(403);
    // The server's own origin is fine.
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, { ...headers, origin: server.url })).toBe(
      101,
    );
  });

  it('a refused y-websocket client never gets the document', async () => {
    const learner = await createUser(admin, 'learner');
    const refused = connectCollabWith(server.wsUrl, pageId, learner.client.cookie);
    const accepted = connectCollabWith(server.wsUrl, pageId, admin.cookie);
    try {
      await waitSynced(accepted);
      // Give the refused client the same chance: it is refused on every attempt and never syncs.
      await new Promise<void>((resolve) => refused.provider.on('connection-error', () => resolve()));
      expect(refused.provider.synced).toBe(false);
      expect(refused.provider.wsconnected).toBe(false);
    } finally {
      refused.destroy();
      accepted.destroy();
    }
  });
});
