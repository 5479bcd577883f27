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

  it('opening the setup link again says "already used — sign in" at once, before any form', async () => {
    // Runs after the test above: the first admin exists.
    const page = await browser.newPage();
    await page.goto(`${server.url}/setup?token=whatever-was-printed`);
    await page
      .getByRole('alert')
      .filter({ hasText: 'This setup link was already used — sign in.' })
      .waitFor();
    await expect(page.getByLabel('Name').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Go to sign in' }).click();
    await page.waitForURL(/\/login/);
    await page.close();
  });
});
