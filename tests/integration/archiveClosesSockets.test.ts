import { CollabCloseCode } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessScene, paragraphUpdate, storedParagraphs, writeAfterChange } from '../support/accessChange.ts';
import { asAdmin, createUser, type ApiClient } from '../support/api.ts';
import { messages, paragraphTexts, upgradeStatus, withTimeout } from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let faculty: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  faculty = (await createUser(admin, 'faculty')).client;
});
afterAll(async () => {
  await server.stop();
});

const CLOSE_WITHIN_MS = 1_000;

describe('archiving a page closes its open sockets at once', () => {
  it('closes every editor with 4403 within a second; nothing sent after is relayed or stored', async () => {
    const scene = await accessScene(server.wsUrl, admin, 'student');
    const observerClosed = new Promise<number>((resolve) =>
      scene.observer.provider.on('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0)),
    );
    try {
      const archived = await faculty.post(`/api/pages/${scene.pageId}/archive`);
      expect(archived.status).toBe(200);
      writeAfterChange(scene, 'AFTER');
      setTimeout(() => scene.raw.send(messages.update(paragraphUpdate('AFTER late raw'))), 20);
      const [tabCode, rawCode, observerCode] = await withTimeout(
        Promise.all([scene.tabClosed, scene.raw.closed, observerClosed]),
        CLOSE_WITHIN_MS,
        'every socket of the page to close',
      );
      expect([tabCode, rawCode, observerCode]).toEqual([
        CollabCloseCode.Forbidden,
        CollabCloseCode.Forbidden,
        CollabCloseCode.Forbidden,
      ]);
      await new Promise((r) => setTimeout(r, 300));
      expect(paragraphTexts(scene.observer.doc).filter((p) => p.startsWith('AFTER'))).toEqual([]);
      const stored = await storedParagraphs(admin, scene.pageId);
      expect(stored).toContain('before from the raw socket');
      expect(stored).not.toContain('AFTER');
      // Not retried by the client (4400–4499 are final), refused on a new upgrade.
      expect(scene.tab.provider.wsconnected).toBe(false);
      const cookie = { cookie: scene.victim.client.cookie ?? '' };
      expect(await upgradeStatus(server.wsUrl, `/collab/${scene.pageId}`, cookie)).toBe(403);
      // Restored, the page opens again, still without what was sent while archived.
      expect((await faculty.post(`/api/pages/${scene.pageId}/unarchive`)).status).toBe(200);
      expect(await upgradeStatus(server.wsUrl, `/collab/${scene.pageId}`, cookie)).toBe(101);
      expect(await storedParagraphs(admin, scene.pageId)).not.toContain('AFTER');
    } finally {
      scene.destroy();
    }
  });
});
