import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import type { TestServer } from '../support/server.ts';
import {
  connectionIndicator,
  editorArea,
  signedInPage,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.ts';
import { SEPSIS_BIBTEX as BIBTEX } from '../support/fixtures.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const PASSWORD = TEST_PASSWORD;

describe('citations in the browser', () => {
  it('a student imports references, cites them with the Cite button, and learners see the numbered list', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Amara Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');
    const learner = await createUser(admin, 'learner', 'Lee Learner');
    const pageId = await createPage(student.client, 'Sepsis');
    const pagePath = `${server.url}/pages/${pageId}`;

    const author = await signedInPage(browser, server.url, student.email, PASSWORD);
    const { page } = author;
    await page.goto(pagePath);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });

    // Two BibTeX entries pasted at once land in the page's references, not yet cited.
    const panel = page.getByRole('region', { name: /References/ });
    await panel.getByRole('button', { name: 'Add reference' }).click();
    await panel.getByLabel('Entries').fill(BIBTEX);
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    await panel.getByRole('list', { name: 'Uncited references' }).getByTestId('reference').nth(1).waitFor();

    // A clinical claim without a citation is flagged as the student types.
    await editorArea(page).click();
    await page.keyboard.type('Lactate above 2 mmol/L defines septic shock.');
    await editorArea(page).locator('.citation-needed').waitFor();
    await page.getByTestId('uncited-claims').getByText('1 claim needs a citation').waitFor();

    const cite = async (search: string) => {
      await page.getByRole('button', { name: 'Cite', exact: true }).click();
      const picker = page.getByRole('dialog', { name: 'Cite references' });
      await picker.getByLabel('Search references').fill(search);
      await picker.getByRole('checkbox').first().check();
      await picker.getByRole('button', { name: 'Insert citation' }).click();
    };
    await cite('Singer 2016');
    await editorArea(page).locator('sup.citation').getByText('[1]').waitFor();
    await expect(editorArea(page).locator('.citation-needed').count()).resolves.toBe(0);

    await page.keyboard.press('End');
    await page.keyboard.type(' Early therapy was studied.');
    await cite('goal-directed');
    await editorArea(page).locator('sup.citation').getByText('[2]').waitFor();
    await expect(editorArea(page).locator('sup.citation').allTextContents()).resolves.toEqual(['[1]', '[2]']);
    await expect(editorArea(page).locator('sup.citation').first().getAttribute('title')).resolves.toContain(
      'Sepsis-3',
    );
    const cited = panel.getByRole('list', { name: 'Cited references' }).getByTestId('reference');
    await cited
      .nth(1)
      .getByText(/Rivers E/)
      .waitFor();
    await expect(cited.first().textContent()).resolves.toMatch(/^1\..*Singer M/);

    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText('Submitted as revision 1.').waitFor();

    // Faculty approve; learners read numbered citations with the reference list.
    const reviewer = await signedInPage(browser, server.url, faculty.email, PASSWORD);
    await reviewer.page.goto(`${server.url}/review`);
    const item = reviewer.page.getByTestId('queue-item').filter({ hasText: 'Sepsis' });
    await item.getByTestId('citation-summary').getByText('Unrated × 2').waitFor();
    await item.getByRole('button', { name: 'Approve' }).click();
    await reviewer.page.getByText(/Approved and published “Sepsis”/).waitFor();

    const reader = await signedInPage(browser, server.url, learner.email, PASSWORD);
    await reader.page.goto(pagePath);
    await reader.page.getByText('Lactate above 2 mmol/L defines septic shock.').waitFor();
    const list = reader.page.locator('section.references ol li');
    await expect(list.count()).resolves.toBe(2);
    await expect(list.first().textContent()).resolves.toContain('Singer M');
    await expect(list.nth(1).textContent()).resolves.toContain('Rivers E');
    await expect(reader.page.locator('sup.citation').allTextContents()).resolves.toEqual(['[1]', '[2]']);

    await author.context.close();
    await reviewer.context.close();
    await reader.context.close();
  });
});
