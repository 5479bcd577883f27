import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { asAdmin, createUser, TEST_PASSWORD, type ApiClient } from '../support/api.ts';
import { ADMIN, type TestServer } from '../support/server.ts';
import {
  connectionIndicator,
  editorArea,
  signedInPage,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.ts';

let server: TestServer;
let browser: Browser;
let admin: ApiClient;
let faculty: { client: ApiClient; email: string };
beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  admin = await asAdmin(server.url);
  faculty = await createUser(admin, 'faculty', 'Fatima Faculty');
});
afterAll(() => stopServerAndBrowser(server, browser));

/** Set SCREENSHOT_DIR to keep pictures of the screens this file visits. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

const title = (page: Page) => page.locator('h1.page-header__title');

describe('page life cycle in the page header', () => {
  it('faculty rename a page inline (Escape cancels, Enter saves), then archive and restore it', async () => {
    const created = await faculty.client.post<{ id: string }>('/api/pages', { title: 'Sepsis bundle' });
    const pageId = created.body.id;
    const { context, page } = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);

    // Opened by its slug, the address becomes the page id.
    await page.goto(`${server.url}/pages/sepsis-bundle`);
    await page.waitForURL(`**/pages/${pageId}`);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Page title').fill('Something else');
    await page.getByLabel('Page title').press('Escape');
    await expect.poll(() => title(page).textContent()).toBe('Sepsis bundle');

    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Page title').fill('   ');
    await page.getByLabel('Page title').press('Enter');
    await page.getByRole('alert').getByText('The title cannot be empty.').waitFor();
    await screenshot(page, 'page-header-rename');
    await page.getByLabel('Page title').fill('Sepsis: the hour-1 bundle');
    await page.getByLabel('Page title').press('Enter');
    await expect.poll(() => title(page).textContent()).toBe('Sepsis: the hour-1 bundle');
    const renamed = await faculty.client.get<{ slug: string; title: string }>(`/api/pages/${pageId}`);
    expect(renamed.body).toMatchObject({
      slug: 'sepsis-the-hour-1-bundle',
      title: 'Sepsis: the hour-1 bundle',
    });

    // The old slug still leads to the page.
    await page.goto(`${server.url}/pages/sepsis-bundle`);
    await page.waitForURL(`**/pages/${pageId}`);
    await expect.poll(() => title(page).textContent()).toBe('Sepsis: the hour-1 bundle');
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await page.getByText('Archive this page?').waitFor();
    await page.getByRole('button', { name: 'Archive page' }).click();
    await page.getByRole('status').getByText('Archived.').waitFor();
    await expect.poll(() => editorArea(page).count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Rename' }).count()).toBe(0);
    const listed = await faculty.client.get<{ pages: { id: string }[] }>('/api/pages');
    expect(listed.body.pages.map((p) => p.id)).not.toContain(pageId);
    await screenshot(page, 'page-header-archived');

    // Editors find it again among the archived pages.
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Archived pages' }).click();
    await page.getByRole('heading', { name: 'Archived pages' }).waitFor();
    await page.getByRole('link', { name: 'Sepsis: the hour-1 bundle' }).click();
    await page.getByRole('status').getByText('Archived.').waitFor();

    await page.getByRole('button', { name: 'Restore' }).click();
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByText('Archived.').count()).toBe(0);
    const restored = await faculty.client.get<{ archived: boolean }>(`/api/pages/${pageId}`);
    expect(restored.body.archived).toBe(false);
    await context.close();
  });

  it('admins pick the collection from the page header and manage collections on their own screen', async () => {
    const { context, page } = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Collections' }).click();
    await page.waitForURL('**/admin/collections');
    await page.getByLabel('Name').fill('Emergency medicine');
    await page.getByLabel('Description').fill('Resuscitation, sepsis, trauma.');
    await page.getByLabel('Required approvals').fill('2');
    await page.getByLabel('Sign-off valid for (days)').fill('180');
    await page.getByLabel('Fatima Faculty').check();
    await page.getByRole('button', { name: 'Create collection' }).click();
    const item = page.getByRole('list', { name: 'Collections' }).getByRole('listitem').first();
    await item.getByText('Resuscitation, sepsis, trauma.').waitFor();
    await item.getByText('Fatima Faculty').waitFor();
    await screenshot(page, 'collections-screen');

    await item.getByRole('button', { name: 'Edit Emergency medicine' }).click();
    await item.getByLabel('Description').fill('Resuscitation and sepsis.');
    await item.getByRole('button', { name: 'Save changes' }).click();
    await item.getByText('Resuscitation and sepsis.').waitFor();
    const collections = await admin.get<{
      collections: {
        id: string;
        name: string;
        requiredApprovals: number;
        reviewValidDays: number;
        reviewerIds: string[];
      }[];
    }>('/api/collections');
    const em = collections.body.collections.find((c) => c.name === 'Emergency medicine');
    expect(em).toMatchObject({
      requiredApprovals: 2,
      reviewValidDays: 180,
      reviewerIds: [expect.any(String)],
    });

    const created = await admin.post<{ id: string }>('/api/pages', { title: 'Anaphylaxis' });
    await page.goto(`${server.url}/pages/${created.body.id}`);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await page.getByLabel('Collection').selectOption({ label: 'Emergency medicine' });
    await expect
      .poll(
        async () =>
          (await admin.get<{ collectionId: string | null }>(`/api/pages/${created.body.id}`)).body
            .collectionId,
      )
      .toBe(em?.id);
    await screenshot(page, 'page-header-admin');
    await context.close();
  });
});
