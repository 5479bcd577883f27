import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient, asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import { ADMIN, type TestServer } from '../support/server.ts';
import { signedInPage, signIn, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const NEW_PASSWORD = 'a-fresh-password-7';

describe('password reset links', () => {
  it('an admin issues a link from the Users screen; the person sets a password with it and signs in; the link then says "already used" at once', async () => {
    const admin = await asAdmin(server.url);
    const person = await createUser(admin, 'student', 'Rita Reset');

    const { context: adminContext, page: adminPage } = await signedInPage(
      browser,
      server.url,
      ADMIN.email,
      ADMIN.password,
    );
    await adminPage.goto(`${server.url}/admin/users`);
    await adminPage.getByRole('button', { name: `Reset link for ${person.name}` }).click();
    const linkField = adminPage.getByLabel(`Link to send to ${person.name}`);
    await linkField.waitFor();
    const url = await linkField.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/reset\\?token=`));
    await adminPage.getByText(/Works once, until/).waitFor();
    await adminPage.getByRole('button', { name: 'Copy' }).waitFor();
    await adminPage.screenshot({ path: 'test-results/users-reset-link.png' });
    await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await adminPage.getByRole('button', { name: 'Copy' }).click();
    await adminPage.getByRole('button', { name: 'Copied' }).waitFor();
    await expect(adminPage.evaluate(() => navigator.clipboard.readText())).resolves.toBe(url);

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Set a new password' }).waitFor();
    await page.getByText(`For ${person.email}.`).waitFor();
    await page.screenshot({ path: 'test-results/reset-screen.png' });

    // Mistakes are caught before anything is sent.
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Confirm new password').fill('short');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('alert').filter({ hasText: 'at least 10 characters' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(`${NEW_PASSWORD}x`);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();

    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByText('Password set — sign in.').waitFor();
    // The old password no longer works, and the person's old session ended.
    expect(
      (
        await new ApiClient(server.url).post('/api/auth/login', {
          email: person.email,
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(401);
    expect((await person.client.get('/api/me')).status).toBe(401);
    await signIn(page, server.url, person.email, NEW_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('link', { name: person.name }).waitFor();

    // Opening the link again: "already used", before any form.
    const again = await context.newPage();
    await again.goto(url);
    await again.getByRole('alert').filter({ hasText: 'This link was already used — sign in.' }).waitFor();
    await expect(again.getByLabel('New password', { exact: true }).count()).resolves.toBe(0);
    await again.screenshot({ path: 'test-results/reset-used.png' });
    // This browser is signed in already, so the sign-in screen passes straight on to home.
    await again.getByRole('link', { name: 'Go to sign in' }).click();
    await again.waitForURL((u) => !u.pathname.startsWith('/reset'));

    await context.close();
    await adminContext.close();
  });

  it('a link with an unknown token says it is not valid at once', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/reset?token=not-a-real-token`);
    await page
      .getByRole('alert')
      .filter({ hasText: /not valid|already used/ })
      .waitFor();
    await expect(page.getByLabel('New password', { exact: true }).count()).resolves.toBe(0);
    await page.close();
  });
});
