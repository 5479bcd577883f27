import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import type { TestServer } from '../support/server.ts';
import {
  connectionIndicator,
  editorArea,
  signedInPage,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const PASSWORD = TEST_PASSWORD;

describe('review in the browser', () => {
  it('a student submits, faculty approves in the queue, and learners then see the reviewed page', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Amara Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');
    const learner = await createUser(admin, 'learner', 'Lee Learner');
    const pageId = await createPage(student.client, 'Sepsis');
    const pagePath = `${server.url}/pages/${pageId}`;

    // Nothing is published yet: the learner gets the calm note.
    const reader = await signedInPage(browser, server.url, learner.email, PASSWORD);
    await reader.page.goto(pagePath);
    await reader.page.getByText('This page has not been reviewed and published yet.').waitFor();

    // The student writes; the new block is marked unreviewed as they type, then they submit.
    const author = await signedInPage(browser, server.url, student.email, PASSWORD);
    await author.page.goto(pagePath);
    await connectionIndicator(author.page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(author.page).click();
    await author.page.keyboard.type('Give antibiotics within one hour of recognising sepsis.');
    await author.page.getByTestId('page-status').getByText('1 unreviewed block').waitFor();
    await editorArea(author.page).locator('[data-unreviewed]').first().waitFor();
    await author.page.getByRole('button', { name: 'Submit for review' }).click();
    await author.page.getByLabel(/What changed/).fill('First draft of the antibiotics section');
    await author.page.getByRole('button', { name: 'Submit', exact: true }).click();
    await author.page.getByText('Submitted as revision 1.').waitFor();
    await author.page.getByTestId('latest-revision').getByText('Revision 1 is waiting for review').waitFor();
    await author.page.getByTestId('page-status').getByText('Under review').waitFor();

    // Faculty find it in the queue (the nav link counts it), read the diff and approve.
    const reviewer = await signedInPage(browser, server.url, faculty.email, PASSWORD);
    await reviewer.page.getByRole('link', { name: 'Review, 1 waiting' }).click();
    const item = reviewer.page.getByTestId('queue-item').filter({ hasText: 'Sepsis' });
    await item.getByText('First draft of the antibiotics section').waitFor();
    await item.getByText('By Amara Student').waitFor();
    await item
      .locator('[data-change="added"]')
      .getByText('Give antibiotics within one hour of recognising sepsis.')
      .waitFor();
    await item.getByRole('textbox', { name: 'Comment' }).fill('Clear and correct.');
    await item.getByRole('button', { name: 'Approve' }).click();
    await reviewer.page.getByText(/Approved and published “Sepsis”/).waitFor();
    await reviewer.page.getByText('Nothing is waiting for review.').waitFor();
    await expect(reviewer.page.getByTestId('queue-item').count()).resolves.toBe(0);

    // The learner now reads the signed-off content, with who reviewed it.
    await reader.page.reload();
    await reader.page.getByText('Give antibiotics within one hour of recognising sepsis.').waitFor();
    await reader.page
      .getByTestId('reviewed-by')
      .getByText(/Reviewed by Dr Park on/)
      .waitFor();
    await expect(reader.page.locator('.ProseMirror').count()).resolves.toBe(0);

    // The author sees the sign-off, and nothing in the draft is unreviewed any more.
    await author.page.reload();
    await connectionIndicator(author.page).getByText('Connected').waitFor({ timeout: 15_000 });
    const note = author.page.getByTestId('latest-revision');
    await note.getByText('Revision 1 was approved by Dr Park and published').waitFor();
    await note.getByText('Clear and correct.').waitFor();
    await author.page.getByTestId('page-status').getByText('Everything reviewed').waitFor();
    await expect(editorArea(author.page).locator('[data-unreviewed]').count()).resolves.toBe(0);

    await reader.context.close();
    await author.context.close();
    await reviewer.context.close();
  });

  it('a co-author sees why they cannot approve, and a request for changes reaches the student', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Sofia Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Haddad');
    const pageId = await createPage(student.client, 'Asthma');
    const studentEditor = await Editor.open(student.client, server.wsUrl, pageId);
    await studentEditor.append('Inhaled corticosteroids are the mainstay of preventer therapy.');

    // The faculty member edits too, so four-eyes keeps them from signing off their own words.
    const reviewer = await signedInPage(browser, server.url, faculty.email, PASSWORD);
    await reviewer.page.goto(`${server.url}/pages/${pageId}`);
    await connectionIndicator(reviewer.page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(reviewer.page).getByText('Inhaled corticosteroids').waitFor();
    await editorArea(reviewer.page).click();
    await reviewer.page.keyboard.press('Control+End');
    await reviewer.page.keyboard.press('Enter');
    await reviewer.page.keyboard.type('Salbutamol 100 micrograms as needed.');
    await reviewer.page.getByRole('button', { name: 'Submit for review' }).click();
    await reviewer.page.getByRole('button', { name: 'Submit', exact: true }).click();
    await reviewer.page.getByText('Submitted as revision 1.').waitFor();

    await reviewer.page.goto(`${server.url}/review`);
    const item = reviewer.page.getByTestId('queue-item').filter({ hasText: 'Asthma' });
    await item.getByText(/You co-authored this revision/).waitFor();
    await expect(item.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);

    // A second reviewer asks for changes; the server's refusal without a comment is shown as is.
    const other = await createUser(admin, 'faculty', 'Dr Okafor');
    const second = await signedInPage(browser, server.url, other.email, PASSWORD);
    await second.page.goto(`${server.url}/review`);
    const pending = second.page.getByTestId('queue-item').filter({ hasText: 'Asthma' });
    await pending.getByRole('button', { name: 'Request changes' }).click();
    await pending
      .getByRole('alert')
      .getByText(/Say what needs to change/)
      .waitFor();
    await pending.getByRole('textbox', { name: 'Comment' }).fill('Please cite the BTS/SIGN guideline.');
    await pending.getByRole('button', { name: 'Request changes' }).click();
    await second.page.getByText(/Changes requested on “Asthma”/).waitFor();

    const author = await signedInPage(browser, server.url, student.email, PASSWORD);
    await author.page.goto(`${server.url}/pages/${pageId}`);
    const note = author.page.getByTestId('latest-revision');
    await note.getByText('Changes requested by Dr Okafor on revision 1').waitFor();
    await note.getByText('Please cite the BTS/SIGN guideline.').waitFor();

    studentEditor.close();
    await reviewer.context.close();
    await second.context.close();
    await author.context.close();
  });
});
