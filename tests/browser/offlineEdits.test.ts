import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, WebSocketRoute } from 'playwright-core';
import { asAdmin } from '../support/api.ts';
import { ADMIN, type TestServer } from '../support/server.ts';
import {
  connectionIndicator,
  createPageInUi,
  editorArea,
  signedInPage,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('offline editing', () => {
  it('edits made while the collaboration socket is down survive a reload and merge on reconnect', async () => {
    const admin = await asAdmin(server.url);
    const { context, page } = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password);

    // Every collaboration socket goes through this switch: while it is off, the "network" drops them.
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

    const pageId = await createPageInUi(page, server.url, 'Pneumonia');
    await editorArea(page).click();
    await page.keyboard.type('Written online.');
    await connectionIndicator(page).getByText('Connected').waitFor();

    online = false;
    await Promise.all(sockets.splice(0).map((ws) => ws.close({ code: 1001, reason: 'offline' })));
    await connectionIndicator(page).getByText('Offline').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.keyboard.type('Written offline.');

    // IndexedDB commits each update asynchronously; give the last keystrokes a moment, as a person would.
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByText('Written offline.').waitFor({ timeout: 10_000 });
    await connectionIndicator(page).getByText('Offline').waitFor({ timeout: 10_000 });
    const whileOffline = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(whileOffline.body).not.toContain('Written offline.');

    online = true;
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    const merged = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(merged.body).toContain('Written online.');
    expect(merged.body).toContain('Written offline.');
    await context.close();
  });
});
