import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import type { TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('a reviewer signs only what they could see', () => {
  it('Approve stays disabled while the changes are not on screen, and when they cannot be shown', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Amara Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');
    const pageId = await createPage(student.client, 'Asthma');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Give inhaled salbutamol 5 mg by nebuliser.');
    editor.close();
    expect((await student.client.post(`/api/pages/${pageId}/revisions`, { message: 'v1' })).status).toBe(201);

    const reviewer = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);
    // The comparison cannot be loaded: the card says so and offers no Approve.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let fail = true;
    await reviewer.page.route('**/api/pages/*/diff*', async (route) => {
      await held;
      if (fail) await route.fulfill({ status: 500, contentType: 'application/json', body: '{}' });
      else await route.continue();
    });
    await reviewer.page.goto(`${server.url}/review`);
    const item = reviewer.page.getByTestId('queue-item').filter({ hasText: 'Asthma' });
    const approve = item.getByRole('button', { name: 'Approve' });
    await item.getByText('Approve is available once the changes are shown.').waitFor();
    expect(await approve.isDisabled()).toBe(true);
    release();
    await item.getByText(/The changes could not be shown/).waitFor();
    expect(await approve.isDisabled()).toBe(true);
    // Requesting changes needs no sign-off of what is unseen: it stays possible.
    expect(await item.getByRole('button', { name: 'Request changes' }).isDisabled()).toBe(false);

    // Once the comparison loads, Approve is offered.
    fail = false;
    await reviewer.page.reload();
    await item
      .locator('[data-change="added"]')
      .getByText('Give inhaled salbutamol 5 mg by nebuliser.')
      .waitFor();
    await expect.poll(() => approve.isDisabled()).toBe(false);
    await reviewer.context.close();
  });
});
