import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import type { ReportView } from '../support/professionalism.ts';
import { Editor } from '../support/review.ts';
import { ADMIN, type TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/${name}.png` });

describe('the admin edits the guidelines; a learner acknowledges them and reports a passage', () => {
  it('saves an enforced version from /admin/guidelines with a preview; learners must acknowledge it; a passage report offers admins the purge', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student');
    const faculty = await createUser(admin, 'faculty');
    const learner = await createUser(admin, 'learner', 'Lee Learner');
    const pageId = await createPage(student.client, 'Hyponatraemia');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Correct chronic hyponatraemia slowly.');
    await editor.append('Rapid correction risks osmotic demyelination.');
    const rev = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
      message: 'v1',
    });
    expect(rev.status, JSON.stringify(rev.body)).toBe(201);
    await faculty.client.post(`/api/revisions/${rev.body.id}/reviews`, {
      decision: 'approve',
      comment: 'ok',
    });
    editor.close();

    const { page, context } = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Guidelines' }).click();
    await page.waitForURL(/\/admin\/guidelines$/);
    const text = page.getByLabel('Guidelines (Markdown)');
    await text.fill('# Our school\n\n## Be kind\n\nNever name a patient. <script>alert(1)</script>');
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Be kind' }).waitFor();
    await preview.getByText('<script>alert(1)</script>').waitFor(); // shown as text
    await page.getByLabel(/Enforce/).check();
    await shot(page, 'guidelines-admin');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 2' }).waitFor();

    // The learner: asked at first sign-in, no "Remind me later" while enforced.
    const reader = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const rp = await reader.newPage();
    await rp.goto(`${server.url}/login`);
    await rp.getByLabel('Email').fill(learner.email);
    await rp.getByLabel('Password').fill(TEST_PASSWORD);
    await rp.getByRole('button', { name: 'Sign in' }).click();
    const dialog = rp.getByRole('dialog', { name: 'Guidelines for professional conduct' });
    await dialog.getByRole('heading', { name: 'Be kind' }).waitFor({ timeout: 15_000 });
    await expect(dialog.getByRole('button', { name: 'Remind me later' }).count()).resolves.toBe(0);
    await shot(rp, 'guidelines-dialog-enforced');
    await dialog.getByRole('button', { name: 'I acknowledge' }).click();
    await dialog.waitFor({ state: 'detached' });

    // A passage of the published page: select it, "Report a concern".
    await rp.goto(`${server.url}/pages/${pageId}`);
    const article = rp.locator('article.prose--published');
    await article.getByText('Rapid correction risks').waitFor();
    await article.evaluate((root) => {
      const p = [...root.querySelectorAll('p')].find((el) => el.textContent?.includes('Rapid correction'));
      if (!p) throw new Error('no paragraph');
      const range = document.createRange();
      range.selectNodeContents(p);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    });
    await rp.getByRole('button', { name: 'Report a concern' }).click();
    const form = rp.getByRole('dialog', { name: 'Report a concern' });
    await form.getByText('About this passage: “Rapid correction risks osmotic demyelination.”').waitFor();
    await form.getByRole('radio', { name: 'Patient information' }).check();
    await shot(rp, 'report-passage');
    await form.getByRole('button', { name: 'Send report' }).click();
    await rp.getByRole('dialog', { name: 'Report sent' }).waitFor();

    const open = await admin.get<{ reports: ReportView[] }>('/api/reports?state=open');
    const report = open.body.reports[0];
    expect(report).toMatchObject({ targetType: 'page', reason: 'patient_information', canPurge: true });
    expect(report?.target.blockId).toBeTruthy();
    expect(report?.target.quote).toBe('Rapid correction risks osmotic demyelination.');

    await page.goto(`${server.url}/moderation`);
    const card = page.getByRole('article', { name: 'Report: Patient information' });
    const purge = card.getByRole('link', { name: 'Purge from history…' });
    await expect(purge.getAttribute('href')).resolves.toBe(`/pages/${pageId}#purge`);
    await shot(page, 'moderation-purge-link');
    await reader.close();
    await context.close();
  });
});
