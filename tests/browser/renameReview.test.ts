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

describe('a rename goes through review in the browser', () => {
  it('learners keep the published title; the queue card shows "Title: old → new"', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Amara Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');
    const learner = await createUser(admin, 'learner', 'Lee Learner');
    const pageId = await createPage(student.client, 'Paediatric dosing');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Paracetamol 15 mg/kg.');
    editor.close();
    const v1 = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    const approve = { decision: 'approve', comment: 'ok' };
    expect((await faculty.client.post(`/api/revisions/${v1.body.id}/reviews`, approve)).status).toBe(201);
    const rename = { title: 'Paediatric dosing: use 150 mg/kg' };
    expect((await student.client.request('PATCH', `/api/pages/${pageId}`, rename)).status).toBe(200);
    const v2 = await student.client.post(`/api/pages/${pageId}/revisions`, { message: 'retitled' });
    expect(v2.status).toBe(201);

    // The learner still reads the reviewed title.
    const reader = await signedInPage(browser, server.url, learner.email, TEST_PASSWORD);
    await reader.page.goto(`${server.url}/pages/${pageId}`);
    await reader.page.getByText('Paracetamol 15 mg/kg.').waitFor();
    await expect(reader.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Paediatric dosing',
    );

    // The reviewer sees the title change on the queue card.
    const reviewer = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);
    await reviewer.page.goto(`${server.url}/review`);
    const change = reviewer.page.getByTestId('queue-item').getByTestId('title-change');
    await change.waitFor();
    await expect(change.textContent()).resolves.toBe(
      'Title: Paediatric dosing → Paediatric dosing: use 150 mg/kg',
    );
  });
});
