import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { draftText, Editor } from '../support/review.ts';
import { eventually } from '../support/collab.ts';
import type { TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('revision history in the browser', () => {
  it('lists revisions with their reviews, compares any two word by word, and restores one as the draft', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Amara Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');
    const pageId = await createPage(student.client, 'Hyperkalaemia');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Give calcium gluconate to stabilise the myocardium.');
    const first = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
      message: 'First version',
    });
    const approved = await faculty.client.post(`/api/revisions/${first.body.id}/reviews`, {
      decision: 'approve',
      comment: 'Good start.',
    });
    expect(approved.status).toBe(201);
    await editor.rewrite(0, 'Give calcium chloride to stabilise the myocardium.');
    await editor.append('Then insulin with glucose.');
    const second = await student.client.post(`/api/pages/${pageId}/revisions`, { message: 'Second version' });
    expect(second.status).toBe(201);

    const { context, page } = await signedInPage(browser, server.url, student.email, TEST_PASSWORD);
    await page.goto(`${server.url}/pages/${pageId}`);
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    const revisions = page.getByRole('list', { name: 'Revisions' });
    await revisions.getByText('Awaiting review').waitFor();
    await revisions.getByText('Approved by Dr Park').waitFor();
    await revisions.getByText('Good start.').waitFor();

    // Published → live draft: the changed block shows the replaced word, the new block is added.
    const diff = page.getByRole('list', { name: 'Changes' });
    await diff.locator('[data-change="changed"] del', { hasText: 'gluconate' }).waitFor();
    await diff.locator('[data-change="changed"] ins', { hasText: 'chloride' }).waitFor();
    await diff.locator('[data-change="added"]', { hasText: 'Then insulin with glucose.' }).waitFor();

    // Any two versions: revision 2 back to revision 1 removes the new block.
    await page.getByLabel('From').selectOption({ label: 'Revision 2 (awaiting review)' });
    await page.getByLabel('To').selectOption({ label: 'Revision 1 (approved)' });
    await diff.locator('[data-change="removed"]', { hasText: 'Then insulin with glucose.' }).waitFor();

    // Restoring revision 1 writes it back into the live draft, which open editors receive.
    const revision1 = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Revision 1' }) });
    await revision1.getByRole('button', { name: 'Restore as draft' }).click();
    await revision1.getByRole('button', { name: 'Restore revision 1' }).click();
    await page.getByText('Revision 1 is now the live draft.').waitFor();
    await eventually(async () => {
      expect(await draftText(student.client, pageId)).toBe(
        'Give calcium gluconate to stabilise the myocardium.',
      );
      expect(editor.collab.text()).toBe('Give calcium gluconate to stabilise the myocardium.');
    });

    editor.close();
    await context.close();
  });
});
