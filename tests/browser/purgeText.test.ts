import { PAGE_REWRITTEN_MESSAGE } from '@rounds/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage } from '../support/api.ts';
import { draftText, Editor } from '../support/review.ts';
import { ADMIN, type TestServer } from '../support/server.ts';
import {
  connectionIndicator,
  editorArea,
  signedInPage,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.ts';

const NAME = 'Cordelia Vanterpool';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
});
afterAll(async () => {
  await stopServerAndBrowser(server, browser);
});

describe('purging text in the browser', () => {
  it('an admin opens the dialog from #purge, purges a name, and the open editor reloads without it', async () => {
    const admin = await asAdmin(server.url);
    const pageId = await createPage(admin, 'Acute kidney injury');
    const writer = await Editor.open(admin, server.wsUrl, pageId);
    await writer.append(`Creatinine doubled in ${NAME} on day 3.`);
    writer.close();
    expect((await admin.post(`/api/pages/${pageId}/revisions`, { message: 'Case' })).status).toBe(201);

    const { context, page } = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/pages/${pageId}#purge`);
    const dialog = page.getByRole('dialog', { name: 'Purge text from history' });
    await dialog.waitFor();
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await dialog.getByLabel('Text to remove').fill(NAME);
    await dialog.getByLabel('Reason').fill('Patient name in a teaching case');
    const purge = dialog.getByRole('button', { name: 'Purge text' });
    expect(await purge.isDisabled()).toBe(true);
    await dialog.getByLabel(/I understand/).check();
    await page.screenshot({ path: '/tmp/purge-dialog.png' });
    await purge.click();
    // The open editor was closed with 4409 and reopened on the rewritten document.
    await page.getByText(PAGE_REWRITTEN_MESSAGE).waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).hash).toBe('');
    await editorArea(page).getByText('Creatinine doubled in [removed] on day 3.').waitFor();
    expect(await editorArea(page).textContent()).not.toContain(NAME);
    // The reopened editor works: an edit reaches the server.
    await editorArea(page).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Recheck.');
    await expect.poll(() => draftText(admin, pageId), { timeout: 10_000 }).toContain('Recheck.');
    expect(await draftText(admin, pageId)).not.toContain(NAME);
    await page.screenshot({ path: '/tmp/purge-reloaded.png' });
    // Nothing local brings it back: the offline cache was dropped with the old document.
    await page.reload();
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(page).getByText('Recheck.').waitFor();
    expect(await editorArea(page).textContent()).not.toContain(NAME);
    expect(await draftText(admin, pageId)).not.toContain(NAME);
    // The revision that held it is marked in the history.
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.getByText('Purged', { exact: true }).waitFor();
    await page.screenshot({ path: '/tmp/purge-history.png' });
    await context.close();
  });
});
