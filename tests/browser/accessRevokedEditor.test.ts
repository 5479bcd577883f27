import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { draftText } from '../support/review.ts';
import { ADMIN, type TestServer } from '../support/server.ts';
import {
  connectionIndicator,
  editorArea,
  signedInPage,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.ts';
import { recordIndicatorLabels, studentInEditor } from './editorSession.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const ENDED = /You were signed out — sign in again to keep editing|You can no longer edit this page/;

describe('an open editor when an admin takes access away', () => {
  it('a disabled student sees the signed-out state within seconds and never "Connected" again', async () => {
    const admin = await asAdmin(server.url);
    const { student, context, page, pageId } = await studentInEditor(browser, server, admin, 'Dora Disabled');
    await editorArea(page).click();
    await page.keyboard.type('Written while allowed.');
    await eventually(async () => expect(await draftText(admin, pageId)).toContain('Written while allowed.'));
    const labels = await recordIndicatorLabels(page);
    // An admin has the same page open and sees the student on it.
    const { context: adminContext, page: adminPage } = await signedInPage(
      browser,
      server.url,
      ADMIN.email,
      ADMIN.password,
    );
    await adminPage.goto(`${server.url}/pages/${pageId}`);
    const presence = adminPage.getByRole('list', { name: 'People on this page' });
    await presence.getByText(student.name).waitFor({ timeout: 10_000 });

    const disabledAt = Date.now();
    const res = await admin.request('PATCH', `/api/users/${student.id}`, { disabled: true });
    expect(res.status).toBe(200);

    await page.getByRole('alert').filter({ hasText: ENDED }).first().waitFor({ timeout: 5_000 });
    expect(Date.now() - disabledAt).toBeLessThan(5_000);
    await expect(connectionIndicator(page).innerText()).resolves.toMatch(/Signed out|No edit access/);
    // The editor takes no more typing, and the presence list no longer shows the person.
    await expect(editorArea(page).getAttribute('contenteditable')).resolves.toBe('false');
    await expect(page.getByRole('list', { name: 'People on this page' }).count()).resolves.toBe(0);
    await eventually(async () => expect(await presence.getByText(student.name).count()).toBe(0), 3_000);

    // A reconnect would flip the indicator back: watch it for longer than the provider's first retries.
    await page.waitForTimeout(4_000);
    const seen = await labels();
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.slice(1)).not.toContain('Connected');
    await expect(connectionIndicator(page).innerText()).resolves.not.toContain('Connected');
    await expect(presence.getByText(student.name).count()).resolves.toBe(0);
    await adminContext.close();
    await context.close();
  });

  it('a student demoted to learner is told they can no longer edit, without a reload', async () => {
    const admin = await asAdmin(server.url);
    const { student, context, page } = await studentInEditor(browser, server, admin, 'Lena Learner');
    const labels = await recordIndicatorLabels(page);
    const res = await admin.request('PATCH', `/api/users/${student.id}`, { role: 'learner' });
    expect(res.status).toBe(200);
    await page.getByRole('alert').filter({ hasText: ENDED }).first().waitFor({ timeout: 5_000 });
    await page.screenshot({ path: 'test-results/no-edit-access-editor.png' });
    await page.waitForTimeout(3_000);
    expect((await labels()).slice(1)).not.toContain('Connected');
    await context.close();
  });
});
