import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import type { TestServer } from '../support/server.ts';
import { signedInPage, signIn, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('a session that ends while a screen is open', () => {
  it('the next read that answers 401 shows "You were signed out" with a way back to the same screen', async () => {
    const admin = await asAdmin(server.url);
    const person = await createUser(admin, 'faculty', 'Sam Session');
    const { context, page } = await signedInPage(browser, server.url, person.email, TEST_PASSWORD);
    await page.getByRole('link', { name: person.name }).click();
    await page.waitForURL(/\/account$/);

    // The session ends on the server (as on expiry); the tab has not asked anything since.
    await server.rounds.storage.sessions.deleteSessionsOfUser(person.id);
    await page.getByRole('link', { name: 'Review' }).click();
    const note = page
      .getByRole('alert')
      .filter({ hasText: 'You were signed out — sign in again to keep editing.' });
    await note.waitFor({ timeout: 5_000 });
    expect(new URL(page.url()).pathname).toBe('/review');

    await note.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(/\/login\?next=%2Freview/);
    await signIn(page, server.url, person.email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/review');
    await expect(note.count()).resolves.toBe(0);
    await context.close();
  });
});
