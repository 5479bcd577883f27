import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import type { ReportView } from '../support/professionalism.ts';
import { Editor } from '../support/review.ts';
import type { TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/${name}.png` });

/** A range in the first paragraph, as the editor anchors a comment. */
function anchorIn(editor: Editor, from: number, to: number) {
  const text = (editor.collab.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  return {
    start: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from))),
    end: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, to))),
  };
}

describe('reporting and moderating a comment in the browser', () => {
  it('asks for the guidelines at first sign-in; a student reports a comment, faculty hide it, the student sees it hidden', async () => {
    const admin = await asAdmin(server.url);
    const author = await createUser(admin, 'student', 'Sam Author');
    const reporter = await createUser(admin, 'student', 'Riley Reporter');
    const faculty = await createUser(admin, 'faculty', 'Dr Moderator');
    const pageId = await createPage(author.client, 'Delirium');
    const editor = await Editor.open(author.client, server.wsUrl, pageId);
    await editor.append('Screen every older inpatient for delirium with the 4AT.');
    const thread = await author.client.post(`/api/pages/${pageId}/threads`, {
      anchor: anchorIn(editor, 0, 6),
      quote: 'Screen',
      body: 'Only an idiot would skip this step.',
    });
    expect(thread.status).toBe(201);
    editor.close();

    // First sign-in: the guidelines dialog, labelled, with focus inside it.
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(reporter.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const guidelines = page.getByRole('dialog', { name: 'Guidelines for professional conduct' });
    await guidelines.waitFor({ timeout: 15_000 });
    await guidelines.getByText('Patient confidentiality').waitFor();
    await expect(guidelines.getByRole('button', { name: 'Remind me later' }).isVisible()).resolves.toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await shot(page, 'guidelines-dialog');
    await guidelines.getByRole('button', { name: 'I acknowledge' }).click();
    await guidelines.waitFor({ state: 'detached' });
    expect((await reporter.client.get('/api/me')).body.acknowledgedVersion).toBe(1);

    // The student reports the comment from the page's threads.
    await page.goto(`${server.url}/pages/${pageId}`);
    const card = page.getByTestId('thread').filter({ hasText: 'Only an idiot' });
    await card.getByRole('button', { name: 'Report this comment' }).click();
    const form = page.getByRole('dialog', { name: 'Report a concern' });
    await form.getByRole('radio', { name: 'Unprofessional conduct' }).check();
    await form.getByLabel('Note (optional)').fill('Insulting wording');
    await shot(page, 'report-form');
    await form.getByRole('button', { name: 'Send report' }).click();
    const sent = page.getByRole('dialog', { name: 'Report sent' });
    await sent.getByRole('status').waitFor();
    await sent.getByRole('button', { name: 'Done' }).click();

    // Faculty see it in the moderation queue (badge in the nav) and hide the comment.
    const moderator = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);
    await moderator.page.getByRole('link', { name: 'Moderation, 1 open report' }).click();
    await moderator.page.waitForURL(/\/moderation$/);
    const report = moderator.page.getByRole('article', { name: 'Report: Unprofessional conduct' });
    await report.getByText('Only an idiot would skip this step.').waitFor();
    await report.getByText('Insulting wording').waitFor();
    await shot(moderator.page, 'moderation-queue');
    await report.getByLabel('Reason for your decision').fill('Disrespectful to colleagues');
    await report.getByRole('button', { name: 'Hide comment' }).click();
    await moderator.page.getByRole('status').filter({ hasText: 'Comment hidden' }).waitFor();
    await moderator.page.getByRole('link', { name: 'Moderation', exact: true }).waitFor();

    // Faculty still see the text, with the reason.
    await moderator.page.goto(`${server.url}/pages/${pageId}`);
    const facultyCard = moderator.page.getByTestId('thread').filter({ hasText: 'Only an idiot' });
    await facultyCard.getByText('Hidden from students: Disrespectful to colleagues').waitFor();

    // The student sees it hidden, and the outcome of their report.
    await page.reload();
    const hiddenCard = page.getByTestId('thread').filter({ hasText: 'This comment was hidden by faculty.' });
    await hiddenCard.waitFor();
    await expect(page.getByText('Only an idiot').count()).resolves.toBe(0);
    await shot(page, 'comment-hidden-student');
    await page.goto(`${server.url}/reports/mine`);
    await page.getByTestId('report-outcome').filter({ hasText: 'Comment hidden' }).waitFor();
    await page.getByText('Disrespectful to colleagues').waitFor();
    await shot(page, 'my-reports');

    // In the editor, a student reports a passage: the selected block and its text go with it.
    await page.goto(`${server.url}/pages/${pageId}`);
    const prose = page.locator('.ProseMirror');
    await prose.getByText('Screen every older inpatient').waitFor();
    await prose.evaluate((root) => {
      const p = root.querySelector('p');
      if (!p) throw new Error('no paragraph');
      const range = document.createRange();
      range.selectNodeContents(p);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    });
    await page.getByRole('button', { name: 'Report a concern' }).click();
    const passage = page.getByRole('dialog', { name: 'Report a concern' });
    await passage.getByText('About this passage: “Screen every older inpatient').waitFor();
    await passage.getByRole('radio', { name: 'Inaccurate content' }).check();
    await passage.getByRole('button', { name: 'Send report' }).click();
    await page.getByRole('dialog', { name: 'Report sent' }).waitFor();
    const mine = await reporter.client.get<{ reports: ReportView[] }>('/api/reports/mine');
    const pageReport = mine.body.reports.find((r) => r.targetType === 'page');
    expect(pageReport?.target.blockId).toBeTruthy();
    expect(pageReport?.target.quote).toContain('Screen every older inpatient');
    await moderator.context.close();
    await context.close();
  });
});
