import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin, createPage, createUser, TEST_PASSWORD, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import type { TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const submit = async (client: ApiClient, pageId: string, message: string) => {
  const res = await client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message });
  expect(res.status).toBe(201);
  return res.body.id;
};

describe('the review queue after decisions, without a reload', () => {
  it('a stale card for a superseded revision cannot be approved silently; approving the newest removes the page and the badge drops', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Amara Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');
    const hyper = await createPage(student.client, 'Hyperkalaemia');
    const asthma = await createPage(student.client, 'Asthma');
    const hyperEditor = await Editor.open(student.client, server.wsUrl, hyper);
    const asthmaEditor = await Editor.open(student.client, server.wsUrl, asthma);
    await hyperEditor.append('Give calcium gluconate.');
    const first = await submit(student.client, hyper, 'first draft');
    await asthmaEditor.append('Inhaled corticosteroids are preventers.');
    await submit(student.client, asthma, 'asthma draft');

    const reviewer = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);
    const page = reviewer.page;
    await page.getByRole('link', { name: 'Review, 2 waiting' }).click();
    const cards = page.getByTestId('queue-item');
    const hyperCards = cards.filter({ hasText: 'Hyperkalaemia' });
    await hyperCards.getByText('Revision 1', { exact: false }).waitFor();
    await cards.filter({ hasText: 'Asthma' }).waitFor();
    // Anything below that reloads the document would lose this.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // The student submits revision 2 while the reviewer still sees revision 1.
    await hyperEditor.append('Then insulin with glucose.');
    const second = await submit(student.client, hyper, 'second draft');
    await hyperCards.getByRole('button', { name: 'Approve' }).click();
    await page
      .getByRole('status')
      .getByText('A newer revision of this page was submitted; this one is superseded', { exact: false })
      .waitFor();
    // The stale card is gone and the page's newest revision takes its place.
    await hyperCards.getByText(/Revision 2/).waitFor();
    await expect(hyperCards.count()).resolves.toBe(1);
    await expect(hyperCards.getByText(/Revision 1 ·/).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Review, 2 waiting' }).waitFor();

    // Approving revision 2 removes the page from the queue and the badge counts one fewer.
    await hyperCards.getByRole('button', { name: 'Approve' }).click();
    await page.getByText(/Approved and published “Hyperkalaemia” \(revision 2\)/).waitFor();
    await expect(hyperCards.count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Review, 1 waiting' }).waitFor();
    await expect(cards.count()).resolves.toBe(1);
    await expect(page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).resolves.toBe(
      true,
    );

    // Nothing was signed for revision 1: it stays superseded, revision 2 is what learners read.
    const revisions = await admin.get<{ revisions: { id: string; state: string; reviews: unknown[] }[] }>(
      `/api/pages/${hyper}/revisions`,
    );
    const byId = new Map(revisions.body.revisions.map((r) => [r.id, r]));
    expect(byId.get(first)).toMatchObject({ state: 'superseded', reviews: [] });
    expect(byId.get(second)).toMatchObject({ state: 'approved' });

    hyperEditor.close();
    asthmaEditor.close();
    await reviewer.context.close();
  });
});
