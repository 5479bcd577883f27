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

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const SCREENSHOTS = process.env.PHI_SCREENSHOT_DIR;

describe('patient-identifier guard in the editor', () => {
  it('a student sees an MRN underlined and cannot submit; faculty submits it with a justification', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Amara Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');
    const pageId = await createPage(student.client, 'Chest pain');
    const pagePath = `${server.url}/pages/${pageId}`;

    const { page, context } = await signedInPage(browser, server.url, student.email, TEST_PASSWORD);
    await page.goto(pagePath);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(page).click();
    await page.keyboard.type('Chest pain in a 54-year-old man, MRN 12345678, relieved by rest.');

    const flag = editorArea(page).locator('.phi-flag');
    await flag.waitFor();
    await expect(flag.textContent()).resolves.toBe('12345678');
    await expect(flag.getAttribute('title')).resolves.toBe(
      'Possible patient identifier: medical record number',
    );
    await page.getByRole('status').getByText('1 possible patient identifier, underlined in red').waitFor();

    await page.getByRole('button', { name: 'Submit for review' }).click();
    const form = page.getByRole('form', { name: 'Submit for review' });
    const panel = form.getByRole('region', { name: /Possible patient identifiers/ });
    await panel.getByText('MRN ••••5678').waitFor();
    const submit = form.getByRole('button', { name: 'Submit', exact: true });
    await expect(submit.isDisabled()).resolves.toBe(true);
    await expect(submit.getAttribute('aria-describedby')).resolves.toMatch(/\S/);
    await panel.getByText(/Remove the patient identifiers underlined in red/).waitFor();
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/phi-student.png`, fullPage: true });
    await expect(panel.getByRole('checkbox').count()).resolves.toBe(0);
    await context.close();

    const teacher = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);
    await teacher.page.goto(pagePath);
    await connectionIndicator(teacher.page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(teacher.page).locator('.phi-flag').waitFor();
    await teacher.page.getByRole('button', { name: 'Submit for review' }).click();
    const facultyForm = teacher.page.getByRole('form', { name: 'Submit for review' });
    const facultySubmit = facultyForm.getByRole('button', { name: 'Submit', exact: true });
    await expect(facultySubmit.isDisabled()).resolves.toBe(true);
    await facultyForm.getByRole('checkbox', { name: /not real patient identifiers/ }).check();
    const justification = facultyForm.getByLabel(/Justification/);
    await justification.fill('Too short');
    await expect(facultySubmit.isDisabled()).resolves.toBe(true);
    await justification.fill('Simulated OSCE case; the MRN was invented for teaching.');
    if (SCREENSHOTS)
      await teacher.page.screenshot({ path: `${SCREENSHOTS}/phi-faculty.png`, fullPage: true });
    await facultySubmit.click();
    await teacher.page.getByText(/Submitted as revision 1/).waitFor();

    const revisions = await faculty.client.get<{ revisions: { seq: number }[] }>(
      `/api/pages/${pageId}/revisions`,
    );
    expect(revisions.body.revisions.map((r) => r.seq)).toEqual([1]);
    const audit = await admin.get<{ entries: { action: string }[] }>('/api/audit?limit=1000');
    expect(audit.body.entries.some((e) => e.action === 'revision.phi_acknowledged')).toBe(true);
    await teacher.context.close();
  });
});
