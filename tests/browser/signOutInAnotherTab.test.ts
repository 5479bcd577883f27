import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { draftText } from '../support/review.ts';
import type { TestServer } from '../support/server.ts';
import {
  connectionIndicator,
  editorArea,
  signIn,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.ts';
import { recordIndicatorLabels, studentInEditor } from './editorSession.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const SIGNED_OUT = 'You were signed out — sign in again to keep editing.';

describe('signing out in another tab', () => {
  it('the editor tab says it was signed out, keeps unsent edits and sends them after signing in again', async () => {
    const admin = await asAdmin(server.url);
    // While `stalled`, what the editor tab sends over its collaboration socket never reaches the server.
    let stalled = false;
    const { student, context, page, pageId } = await studentInEditor(
      browser,
      server,
      admin,
      'Tess Twotabs',
      (ctx) =>
        ctx.routeWebSocket(/\/collab\//, (ws) => {
          const upstream = ws.connectToServer();
          ws.onMessage((message) => {
            if (!stalled) upstream.send(message);
          });
        }),
    );
    await editorArea(page).click();
    await page.keyboard.type('Sent while signed in.');
    await eventually(async () => expect(await draftText(admin, pageId)).toContain('Sent while signed in.'));

    stalled = true;
    await page.keyboard.press('Enter');
    await page.keyboard.type('Typed just before the sign-out.');
    await page.waitForTimeout(300);
    const labels = await recordIndicatorLabels(page);

    const otherTab = await context.newPage();
    await otherTab.goto(`${server.url}/`);
    await otherTab.getByRole('button', { name: 'Sign out' }).click();
    await otherTab.waitForURL(/\/login/);
    const signedOutAt = Date.now();

    await page.getByRole('alert').filter({ hasText: SIGNED_OUT }).waitFor({ timeout: 3_000 });
    expect(Date.now() - signedOutAt).toBeLessThan(3_000);
    await expect(connectionIndicator(page).innerText()).resolves.toContain('Signed out');
    await expect(editorArea(page).getAttribute('contenteditable')).resolves.toBe('false');
    await expect(editorArea(page).innerText()).resolves.toContain('Typed just before the sign-out.');
    await page.screenshot({ path: 'test-results/signed-out-editor.png' });
    expect(await draftText(admin, pageId)).not.toContain('Typed just before the sign-out.');
    expect((await labels()).slice(1)).not.toContain('Connected');

    // Signing in again as the same person returns to the page, which connects and sends the kept edits.
    stalled = false;
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(/\/login\?next=/);
    await signIn(page, server.url, student.email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe(`/pages/${pageId}`);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await eventually(async () =>
      expect(await draftText(admin, pageId)).toContain('Typed just before the sign-out.'),
    );
    await expect(editorArea(page).getAttribute('contenteditable')).resolves.toBe('true');
    await context.close();
  });

  it('signing in again in the other tab resumes the signed-out editor in place and sends its kept edits', async () => {
    const admin = await asAdmin(server.url);
    let stalled = false;
    const { student, context, page, pageId } = await studentInEditor(
      browser,
      server,
      admin,
      'Rhea Resume',
      (ctx) =>
        ctx.routeWebSocket(/\/collab\//, (ws) => {
          const upstream = ws.connectToServer();
          ws.onMessage((message) => {
            if (!stalled) upstream.send(message);
          });
        }),
    );
    await editorArea(page).click();
    stalled = true;
    await page.keyboard.type('Kept across the other tab.');
    await page.waitForTimeout(300);

    const otherTab = await context.newPage();
    await otherTab.goto(`${server.url}/`);
    await otherTab.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('alert').filter({ hasText: SIGNED_OUT }).waitFor({ timeout: 3_000 });
    expect(await draftText(admin, pageId)).not.toContain('Kept across the other tab.');

    stalled = false;
    await signIn(otherTab, server.url, student.email, TEST_PASSWORD);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe(`/pages/${pageId}`);
    await expect(page.getByRole('alert').filter({ hasText: SIGNED_OUT }).count()).resolves.toBe(0);
    await eventually(async () =>
      expect(await draftText(admin, pageId)).toContain('Kept across the other tab.'),
    );
    await context.close();
  });

  it('a session replaced by signing in again in the same browser reconnects the editor instead of signing it out', async () => {
    const admin = await asAdmin(server.url);
    const { student, context, page, pageId } = await studentInEditor(browser, server, admin, 'Ravi Replaced');
    const labels = await recordIndicatorLabels(page);
    // Signing in again with a live cookie replaces the session: the server closes the old one's sockets with 4401.
    const login = await page.request.post(`${server.url}/api/auth/login`, {
      data: { email: student.email, password: TEST_PASSWORD },
      headers: { Origin: server.url },
    });
    expect(login.status()).toBe(200);
    await page.waitForTimeout(1_500);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    // The old socket was refused (4401) and the editor came back on the new session by itself.
    expect(await labels()).toContain('Signed out');
    await expect(page.getByRole('alert').filter({ hasText: SIGNED_OUT }).count()).resolves.toBe(0);
    await editorArea(page).click();
    await page.keyboard.type('Written on the new session.');
    await eventually(async () =>
      expect(await draftText(admin, pageId)).toContain('Written on the new session.'),
    );
    await context.close();
  });

  it('someone else signing in from the signed-out tab lands on home, not on the previous person’s page', async () => {
    const admin = await asAdmin(server.url);
    const other = await createUser(admin, 'student', 'Otto Other');
    const { context, page } = await studentInEditor(browser, server, admin, 'Pia Previous');
    const otherTab = await context.newPage();
    await otherTab.goto(`${server.url}/`);
    await otherTab.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('alert').filter({ hasText: SIGNED_OUT }).waitFor({ timeout: 3_000 });
    await otherTab.close();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(/\/login\?next=%2Fpages%2F/);
    await signIn(page, server.url, other.email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/');
    await context.close();
  });
});
