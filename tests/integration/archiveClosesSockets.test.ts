import type { Page, Storage } from '@rounds/domain';
import { CollabCloseCode } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessScene, paragraphUpdate, storedParagraphs, writeAfterChange } from '../support/accessChange.ts';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { messages, paragraphTexts, RawWebSocket, upgradeStatus, withTimeout } from '../support/collab.ts';
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

/**
 * The real storage, with one page read that can be held: the next `findPage` of the armed id reads
 * the page (live) at once but answers only when released, as a slow database would.
 */
class HeldRead {
  private armed: string | null = null;
  private release: (() => void) | null = null;
  private onHeld: (() => void) | null = null;

  wrap = (storage: Storage): Storage => {
    const pages = storage.pages;
    const held = Object.create(pages) as typeof pages;
    held.findPage = async (id: string): Promise<Page | null> => {
      const page = await pages.findPage(id);
      if (this.armed === id) {
        this.armed = null;
        await new Promise<void>((resolve) => {
          this.release = resolve;
          this.onHeld?.();
        });
      }
      return page;
    };
    return { ...storage, pages: held };
  };

  /** Resolves once the next read of `id` has happened and is being held. */
  arm(id: string): Promise<void> {
    this.armed = id;
    return new Promise((resolve) => (this.onHeld = resolve));
  }

  free(): void {
    this.release?.();
  }
}

describe('an upgrade authorized just before the archive', () => {
  it('is revoked with 4403 as soon as it is accepted, and what it sends is not stored', async () => {
    const held = new HeldRead();
    const racy = await startServer({}, undefined, { wrapStorage: held.wrap });
    try {
      const racyAdmin = await asAdmin(racy.url);
      const student = await createUser(racyAdmin, 'student');
      const racyFaculty = (await createUser(racyAdmin, 'faculty')).client;
      const pageId = await createPage(student.client, 'Archived mid-upgrade');
      // The upgrade reads the page while it is live; its answer is held…
      const reading = held.arm(pageId);
      const opening = RawWebSocket.open(racy.wsUrl, `/collab/${pageId}`, {
        cookie: student.client.cookie ?? '',
      });
      await reading;
      // …while faculty archive it; then the authorization completes with the stale page.
      expect((await racyFaculty.post(`/api/pages/${pageId}/archive`)).status).toBe(200);
      held.free();
      const raw = await opening;
      raw.send(messages.update(paragraphUpdate('AFTER from the late socket')));
      expect(await withTimeout(raw.closed, CLOSE_WITHIN_MS, 'the late socket to close')).toBe(
        CollabCloseCode.Forbidden,
      );
      expect((await racyFaculty.post(`/api/pages/${pageId}/unarchive`)).status).toBe(200);
      expect(await storedParagraphs(racyAdmin, pageId)).not.toContain('AFTER');
      raw.destroy();
    } finally {
      await racy.stop();
    }
  });
});
