import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, type TestServer } from '../support/server.ts';
import { signIn, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('signing in', () => {
  it('a protected screen redirects to /login and returns there after signing in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fusers/);

    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('incorrect');

    await signIn(page, server.url, ADMIN.email, ADMIN.password);
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await context.close();
  });

  it('signing out returns to the login screen and forgets the session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login\?next=/);
    await context.close();
  });

  it('unknown routes show a not found screen', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/no/such/screen`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await context.close();
  });
});
