import { CollabCloseCode } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessScene,
  hasPresence,
  paragraphUpdate,
  storedParagraphs,
  writeAfterChange,
  type AccessScene,
} from '../support/accessChange.ts';
import { ApiClient, asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import {
  connectCollab,
  messages,
  nextClose,
  paragraphTexts,
  RawWebSocket,
  waitFor,
  waitSynced,
  withTimeout,
} from '../support/collab.ts';
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

/** Room for a loaded CI machine; the server sends the close frame in the same turn as the change. */
const CLOSE_WITHIN_MS = 1_000;

/**
 * Makes the change, writes from the victim right after it, and checks the contract: both sockets
 * close with `code` within a second, the victim's presence is gone for the observer at once, and
 * nothing sent after the change reaches the observer or storage.
 */
async function expectCutOff(scene: AccessScene, change: () => Promise<void>, code: number): Promise<void> {
  await change();
  writeAfterChange(scene, 'AFTER');
  // A second write a little later, in case the first raced the close on the way out.
  setTimeout(() => scene.raw.send(messages.update(paragraphUpdate('AFTER late raw'))), 20);
  const [tabCode, rawCode] = await withTimeout(
    Promise.all([scene.tabClosed, scene.raw.closed]),
    CLOSE_WITHIN_MS,
    'both sockets to close',
  );
  expect(tabCode).toBe(code);
  expect(rawCode).toBe(code);
  await waitFor(() => !hasPresence(scene.observer, scene.tab.doc.clientID), CLOSE_WITHIN_MS, 'presence gone');
  // Whatever was in flight has long been handled by now; the observer keeps working meanwhile.
  await new Promise((r) => setTimeout(r, 300));
  const seen = paragraphTexts(scene.observer.doc);
  expect(seen).toContain('before from the tab');
  expect(seen.filter((p) => p.startsWith('AFTER'))).toEqual([]);
  const stored = await storedParagraphs(admin, scene.pageId);
  expect(stored).toContain('before from the raw socket');
  expect(stored).not.toContain('AFTER');
  // The tab does not come back on its own (4400–4499 are final for y-websocket).
  await new Promise((r) => setTimeout(r, 200));
  expect(scene.tab.provider.wsconnected).toBe(false);
}

describe('access changes close the affected sockets at once (CONTRACT "Access changes")', () => {
  it('signing out closes that session’s sockets with 4401 and drops what they send after', async () => {
    const scene = await accessScene(server.wsUrl, admin, 'student');
    try {
      await expectCutOff(
        scene,
        async () => {
          expect((await scene.victim.client.post('/api/auth/logout')).status).toBe(204);
        },
        CollabCloseCode.Unauthenticated,
      );
    } finally {
      scene.destroy();
    }
  });

  it('disabling a user closes their sockets with 4403, on every page', async () => {
    const scene = await accessScene(server.wsUrl, admin, 'student');
    const otherPage = await createPage(admin, 'Another page');
    const otherTab = connectCollab(server.wsUrl, otherPage, scene.victim.client.cookie);
    try {
      await waitSynced(otherTab);
      const otherClosed = nextClose(otherTab);
      await expectCutOff(
        scene,
        async () => {
          const res = await admin.request('PATCH', `/api/users/${scene.victim.id}`, { disabled: true });
          expect(res.status).toBe(200);
        },
        CollabCloseCode.Forbidden,
      );
      expect(await withTimeout(otherClosed, CLOSE_WITHIN_MS, 'the other page’s socket')).toBe(
        CollabCloseCode.Forbidden,
      );
      expect((await scene.victim.client.get('/api/me')).status).toBe(401);
    } finally {
      otherTab.destroy();
      scene.destroy();
    }
  });

  it('demoting an editor to learner closes their sockets with 4403', async () => {
    const scene = await accessScene(server.wsUrl, admin, 'student');
    try {
      await expectCutOff(
        scene,
        async () => {
          const res = await admin.request('PATCH', `/api/users/${scene.victim.id}`, { role: 'learner' });
          expect(res.status).toBe(200);
        },
        CollabCloseCode.Forbidden,
      );
      expect((await scene.victim.client.get('/api/me')).status).toBe(401);
    } finally {
      scene.destroy();
    }
  });

  it('promoting a student to faculty ends their sessions too (4401: sign in again with the new role)', async () => {
    const scene = await accessScene(server.wsUrl, admin, 'student');
    try {
      await expectCutOff(
        scene,
        async () => {
          const res = await admin.request('PATCH', `/api/users/${scene.victim.id}`, { role: 'faculty' });
          expect(res.status).toBe(200);
        },
        CollabCloseCode.Unauthenticated,
      );
      expect((await scene.victim.client.get('/api/me')).status).toBe(401);
      const again = await new ApiClient(server.url).login(scene.victim.email, TEST_PASSWORD);
      expect((await again.get('/api/me')).body).toMatchObject({ role: 'faculty' });
    } finally {
      scene.destroy();
    }
  });

  it('renaming a user ends nothing', async () => {
    const scene = await accessScene(server.wsUrl, admin, 'student');
    try {
      const res = await admin.request('PATCH', `/api/users/${scene.victim.id}`, { name: 'Renamed' });
      expect(res.status).toBe(200);
      scene.raw.send(messages.update(paragraphUpdate('still writing')));
      await waitFor(() => paragraphTexts(scene.observer.doc).includes('still writing'), 5_000, 'the write');
      expect(scene.tab.provider.wsconnected).toBe(true);
      expect((await scene.victim.client.get('/api/me')).status).toBe(200);
    } finally {
      scene.destroy();
    }
  });

  it('changing one’s password closes the other session’s sockets with 4401; this session keeps writing', async () => {
    const victim = await createUser(admin, 'student', 'Victim');
    // The scene's sockets belong to a second sign-in ("the other tab"/device) of the same person.
    const otherDevice = await new ApiClient(server.url).login(victim.email, TEST_PASSWORD);
    const scene = await accessScene(server.wsUrl, admin, 'student', { ...victim, client: otherDevice });
    const here = await accessScene(server.wsUrl, admin, 'student', victim);
    try {
      await expectCutOff(
        scene,
        async () => {
          const res = await victim.client.post('/api/me/password', {
            currentPassword: TEST_PASSWORD,
            newPassword: 'a-brand-new-password',
          });
          expect(res.status).toBe(204);
        },
        CollabCloseCode.Unauthenticated,
      );
      expect((await otherDevice.get('/api/me')).status).toBe(401);
      expect((await victim.client.get('/api/me')).status).toBe(200);
      // This session's sockets were not touched: they still write and are relayed.
      expect(here.tab.provider.wsconnected).toBe(true);
      here.raw.send(messages.update(paragraphUpdate('this session still writes')));
      await waitFor(
        () => paragraphTexts(here.observer.doc).includes('this session still writes'),
        5_000,
        'the write of the session that changed the password',
      );
      expect(hasPresence(here.observer, here.tab.doc.clientID)).toBe(true);
    } finally {
      scene.destroy();
      here.destroy();
    }
  });

  it('a password reset closes every socket of that person with 4401', async () => {
    const scene = await accessScene(server.wsUrl, admin, 'faculty');
    try {
      const link = await admin.post<{ url: string }>(`/api/users/${scene.victim.id}/reset-link`, {});
      expect(link.status).toBe(201);
      const token = new URL(link.body.url).searchParams.get('token') ?? '';
      await expectCutOff(
        scene,
        async () => {
          const res = await new ApiClient(server.url).post('/api/auth/reset', {
            token,
            password: 'reset-password-123',
          });
          expect(res.status).toBe(204);
        },
        CollabCloseCode.Unauthenticated,
      );
      expect((await scene.victim.client.get('/api/me')).status).toBe(401);
    } finally {
      scene.destroy();
    }
  });

  it('a session that ends while its upgrade is being authorized never keeps a live socket', async () => {
    const victim = await createUser(admin, 'student');
    const pageId = (await admin.post<{ id: string }>('/api/pages', { title: 'Race' })).body.id;
    let opened = 0;
    // Sign-outs landing before, during and after the upgrade's authorization: whichever wins, no
    // socket of the ended session stays open (the exact window is covered in SessionSockets.test.ts).
    for (let delay = 0; delay < 12; delay++) {
      const client = await new ApiClient(server.url).login(victim.email, TEST_PASSWORD);
      const opening = RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, { cookie: client.cookie ?? '' });
      await new Promise((r) => setTimeout(r, delay));
      expect((await client.post('/api/auth/logout')).status).toBe(204);
      const raw = await opening.catch((err: unknown) => err as Error);
      if (raw instanceof Error) {
        expect(raw.message).toMatch(/401/);
        continue;
      }
      opened++;
      const code = await withTimeout(raw.closed, CLOSE_WITHIN_MS, 'the racing socket to close');
      expect(code).toBe(CollabCloseCode.Unauthenticated);
    }
    expect(opened).toBeGreaterThan(0);
  });
});
