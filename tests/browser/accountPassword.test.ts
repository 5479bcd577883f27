import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient, asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import type { TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const NEW_PASSWORD = 'my-own-new-password';

describe('changing your own password', () => {
  it('the Account screen checks the fields, changes the password and signs out the other sessions', async () => {
    const admin = await asAdmin(server.url);
    const person = await createUser(admin, 'faculty', 'Paul Password');
    const { context, page } = await signedInPage(browser, server.url, person.email, TEST_PASSWORD);

    await page.getByRole('link', { name: person.name }).click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    const current = page.getByLabel('Current password');
    const fresh = page.getByLabel('New password', { exact: true });
    const confirm = page.getByLabel('Confirm new password');
    const submit = page.getByRole('button', { name: 'Change password' });

    await current.fill('not-my-password');
    await fresh.fill(NEW_PASSWORD);
    await confirm.fill(NEW_PASSWORD);
    await submit.click();
    await page.getByRole('alert').filter({ hasText: 'The current password is not correct' }).waitFor();

    await current.fill(TEST_PASSWORD);
    await fresh.fill('too-short');
    await confirm.fill('too-short');
    await submit.click();
    await page.getByRole('alert').filter({ hasText: 'at least 10 characters' }).waitFor();

    await fresh.fill(NEW_PASSWORD);
    await confirm.fill('something-else-entirely');
    await submit.click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    // None of the refused attempts changed anything.
    expect(
      (
        await new ApiClient(server.url).post('/api/auth/login', {
          email: person.email,
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(200);

    await confirm.fill(NEW_PASSWORD);
    await submit.click();
    await page.getByRole('status').filter({ hasText: 'your other sessions were signed out' }).waitFor();
    await expect(current.inputValue()).resolves.toBe('');
    await page.screenshot({ path: 'test-results/account-screen.png' });

    // The API client was another session: it ended. This tab stays signed in.
    expect((await person.client.get('/api/me')).status).toBe(401);
    await page.reload();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    const fresh401 = await new ApiClient(server.url).post('/api/auth/login', {
      email: person.email,
      password: TEST_PASSWORD,
    });
    expect(fresh401.status).toBe(401);
    await new ApiClient(server.url).login(person.email, NEW_PASSWORD);
    await context.close();
  });
});
