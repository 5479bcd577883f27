import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import type { TestServer } from '../support/server.ts';
import {
  connectionIndicator,
  createPageInUi,
  editorArea,
  signIn,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const cachedDrafts = (page: Page): Promise<string[]> =>
  page.evaluate(async () =>
    (await indexedDB.databases())
      .map((db) => db.name ?? '')
      .filter((name) => name.startsWith('rounds-page-')),
  );

describe('offline drafts on a shared computer', () => {
  it('a draft cached offline outlives an ended session for its owner only: never opened by the next person, sent when the owner returns', async () => {
    const admin = await asAdmin(server.url);
    const first = await createUser(admin, 'student', 'First Student');
    const second = await createUser(admin, 'student', 'Second Student');
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    let online = true;
    const sockets: WebSocketRoute[] = [];
    await context.routeWebSocket(/\/collab\//, (ws) => {
      if (!online) {
        void ws.close({ code: 1001, reason: 'offline' });
        return;
      }
      ws.connectToServer();
      sockets.push(ws);
    });
    const page = await context.newPage();
    await signIn(page, server.url, first.email, TEST_PASSWORD);
    const pageId = await createPageInUi(page, server.url, 'Shared computer');
    await editorArea(page).click();
    await page.keyboard.type('Written online.');

    // Offline: the next words exist only in this browser's IndexedDB.
    online = false;
    await Promise.all(sockets.splice(0).map((ws) => ws.close({ code: 1001, reason: 'offline' })));
    await connectionIndicator(page).getByText('Offline').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.keyboard.type('Unpublished offline secret.');
    await page.waitForTimeout(500);
    const cachedBefore = await cachedDrafts(page);
    expect(cachedBefore.length).toBeGreaterThan(0);
    // The cache is this person's: its name carries their user id.
    expect(cachedBefore.every((name) => name.includes(first.id))).toBe(true);

    // The session ends on the server (expiry, sign-out elsewhere, an admin); the tab learns it by a 401.
    // The cache stays: it holds edits the server never got, and only its owner's editor opens it.
    await server.rounds.storage.sessions.deleteSessionsOfUser(first.id);
    await page.goto(`${server.url}/pages/${pageId}`);
    await page.waitForURL(/\/login\?next=/);
    await page.waitForTimeout(300);
    expect(await cachedDrafts(page)).toEqual(cachedBefore);

    // Someone else signs in on the same browser: not sent on to the first person's page, and the
    // page opened by hand shows only what the server has.
    online = true;
    await signIn(page, server.url, second.email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto(`${server.url}/pages/${pageId}`);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await page.getByText('Written online.').waitFor();
    await page.waitForTimeout(500);
    expect(await editorArea(page).innerText()).not.toContain('offline secret');
    const stored = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(stored.body).not.toContain('offline secret');
    expect(await cachedDrafts(page)).toContain(`rounds-page-${second.id}/${pageId}`);

    // The second person leaves without signing out; the first comes back: their offline edits sync.
    await context.clearCookies();
    await page.goto(`${server.url}/login`);
    await signIn(page, server.url, first.email, TEST_PASSWORD);
    await page.goto(`${server.url}/pages/${pageId}`);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await eventually(async () => {
      const draft = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
      expect(draft.body).toContain('Unpublished offline secret.');
    });
    await context.close();
  });

  it('signing out clears every cached draft', async () => {
    const admin = await asAdmin(server.url);
    const person = await createUser(admin, 'student', 'Signing Out');
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await signIn(page, server.url, person.email, TEST_PASSWORD);
    await createPageInUi(page, server.url, 'Signed out page');
    await editorArea(page).click();
    await page.keyboard.type('Cached text.');
    await page.waitForTimeout(500);
    expect((await cachedDrafts(page)).length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await eventually(async () => expect(await cachedDrafts(page)).toEqual([]));
    await context.close();
  });
});
