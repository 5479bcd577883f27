import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
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

describe('co-editing in the browser', () => {
  it('two authors see each other’s text, presence and caret; the draft is stored', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Ada Student');
    const a = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password);
    const pageId = await createPageInUi(a.page, server.url, 'Sepsis');
    const b = await signedInPage(browser, server.url, student.email, TEST_PASSWORD);
    await b.page.goto(`${server.url}/pages/${pageId}`);
    await connectionIndicator(b.page).getByText('Connected').waitFor({ timeout: 15_000 });

    await editorArea(a.page).click();
    await a.page.keyboard.type('Give antibiotics within one hour.');
    await b.page.getByText('Give antibiotics within one hour.').waitFor();

    await a.page.getByRole('list', { name: 'People on this page' }).getByText('Ada Student').waitFor();
    await editorArea(b.page).click();
    await a.page.locator('.collaboration-carets__label', { hasText: 'Ada Student' }).waitFor();
    await connectionIndicator(a.page).getByText('Connected').waitFor({ timeout: 15_000 });

    const draft = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(draft.body).toContain('Give antibiotics within one hour.');
    await a.context.close();
    await b.context.close();
  });

  it('toolbar buttons format the selection', async () => {
    const { context, page } = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await createPageInUi(page, server.url, 'Asthma');
    await editorArea(page).click();
    await page.getByRole('button', { name: 'Heading 2' }).click();
    await page.keyboard.type('Management');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.type('Salbutamol');
    await expect(editorArea(page).locator('h2').textContent()).resolves.toBe('Management');
    await expect(editorArea(page).locator('strong').textContent()).resolves.toBe('Salbutamol');
    await page.getByRole('button', { name: 'Insert table' }).click();
    await editorArea(page).locator('table').waitFor();
    await context.close();
  });
});
