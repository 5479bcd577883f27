import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin } from '../support/api.ts';
import { ADMIN, type TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('user administration', () => {
  it('an admin creates a user and changes their role inline', async () => {
    const { context, page } = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Name').fill('Sam Student');
    await page.getByLabel('Email').fill('sam@example.org');
    await page.getByLabel('Password').fill('student-password-1');
    await page.getByLabel('Role', { exact: true }).selectOption('student');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'sam@example.org' }).waitFor();

    await page.getByLabel('Role of Sam Student').selectOption('faculty');
    const admin = await asAdmin(server.url);
    await expect
      .poll(async () => {
        const res = await admin.get<{ users: { email: string; role: string }[] }>('/api/users');
        return res.body.users.find((u) => u.email === 'sam@example.org')?.role;
      })
      .toBe('faculty');
    await context.close();
  });
});
