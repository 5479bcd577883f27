import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../support/server.ts';
import { launchBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer({}, undefined, { bootstrapAdmin: false });
  browser = await launchBrowser();
});
afterAll(() => stopServerAndBrowser(server, browser));

describe('first-admin setup in the browser', () => {
  it('the one-time link creates the first admin, who lands signed in', async () => {
    const token = await server.rounds.users.issueSetupToken();
    const page = await browser.newPage();
    await page.goto(`${server.url}/setup?token=${token}`);
    await page.getByLabel('Name').fill('First Admin');
    await page.getByLabel('Email').fill('first@example.org');
    await page.getByLabel('Password').fill('first-admin-pass');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/setup'));
    await expect(page.getByText('First Admin').first().isVisible()).resolves.toBe(true);
    expect(await server.rounds.users.needsSetup()).toBe(false);
    await page.close();
  });
});
