import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { openDatabase } from '@rounds/storage-sqlite';
import { ApiClient, asAdmin, createUser } from '../support/api.ts';
import { ADMIN, type TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('the audit screen', () => {
  it('an admin filters to sign-in events, sees their own sign-in and a failure, pages older, and verifies the chain', async () => {
    const admin = await asAdmin(server.url);
    const person = await createUser(admin, 'student', 'Riley Resident');
    await new ApiClient(server.url).post('/api/auth/login', {
      email: person.email,
      password: 'wrong-password-1',
    });
    // Enough entries for more than one page of 50.
    for (let i = 0; i < 30; i++) await createUser(admin, 'learner');

    const { context, page } = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL(/\/admin\/audit$/);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    // Header plus a full page of 50, newest first.
    await expect.poll(() => rows.count()).toBe(51);
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(async () => (await rows.count()) > 51).toBe(true);

    await page.getByLabel('Action').selectOption('auth.');
    await page.getByRole('button', { name: 'Show' }).click();
    const signedIn = page
      .getByRole('row')
      .filter({ hasText: 'auth.signed_in' })
      .filter({ hasText: 'Administrator' });
    await signedIn.first().waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'auth.sign_in_failed' })
      .filter({ hasText: 'reason: wrong_password' })
      .waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'user.created' }).count()).toBe(0);

    // Only what Riley did: one sign-in (from createUser).
    await page.getByLabel('Who').selectOption({ label: 'Riley Resident' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByText('The oldest matching entry is shown.').waitFor();

    // A date range that ends before today matches nothing; a backwards one cannot be applied.
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To').fill('2020-01-02');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('No entries match.').waitFor();
    await page.getByLabel('From').fill('2020-01-03');
    expect(await page.getByRole('button', { name: 'Show' }).isDisabled()).toBe(true);
    await page.getByRole('alert').filter({ hasText: '“From” is after “To”' }).waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows.count()).toBe(51);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Chain intact: \d+ entries checked/ })
      .waitFor();
    if (process.env.AUDIT_SCREENSHOT)
      await page.screenshot({ path: process.env.AUDIT_SCREENSHOT, fullPage: false });
    await context.close();
  });

  it('is not offered to faculty, and its address sends them away', async () => {
    const admin = await asAdmin(server.url);
    const faculty = await createUser(admin, 'faculty');
    const { context, page } = await signedInPage(browser, server.url, faculty.email, 'correct-horse-1');
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).count(),
    ).toBe(0);
    await page.goto(`${server.url}/admin/audit`);
    await page.waitForTimeout(300);
    expect(await page.getByRole('heading', { name: 'Audit log' }).count()).toBe(0);
    await context.close();
  });

  it('names the first bad entry when the log was changed behind Rounds’ back', async () => {
    const db = openDatabase(join(server.dataDir, 'rounds.db'));
    db.prepare(`UPDATE audit_log SET data = '{"role":"admin"}' WHERE seq = 2`).run();
    db.close();
    const { context, page } = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/admin/audit`);
    await page.getByRole('button', { name: 'Verify chain' }).press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: /Chain broken at entry #2: .* 1 entry before it verified\./ })
      .waitFor();
    if (process.env.AUDIT_SCREENSHOT) {
      await page.screenshot({ path: process.env.AUDIT_SCREENSHOT.replace('.png', '-broken.png') });
    }
    await context.close();
  });
});
