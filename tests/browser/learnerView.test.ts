import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import type { TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('learners', () => {
  it('a learner opening an unpublished page sees a calm note and no editor', async () => {
    const admin = await asAdmin(server.url);
    const created = await admin.post<{ id: string }>('/api/pages', { title: 'Heart failure' });
    const learner = await createUser(admin, 'learner', 'Lee Learner');
    const { context, page } = await signedInPage(browser, server.url, learner.email, TEST_PASSWORD);
    await page.getByText('No pages have been published yet.').waitFor();
    await expect(page.getByRole('textbox', { name: 'Title' }).count()).resolves.toBe(0);

    await page.goto(`${server.url}/pages/${created.body.id}`);
    await page.getByText('This page has not been reviewed and published yet.').waitFor();
    await expect(page.locator('.ProseMirror').count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Users' }).count()).resolves.toBe(0);
    await context.close();
  });
});
