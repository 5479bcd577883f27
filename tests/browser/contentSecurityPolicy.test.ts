import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Browser, Page } from 'playwright-core';
import { asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import { ADMIN, type TestServer } from '../support/server.ts';
import { SEPSIS_BIBTEX } from '../support/fixtures.ts';
import {
  acknowledgeGuidelines,
  connectionIndicator,
  createPageInUi,
  editorArea,
  signedInPage,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

/** Every CSP violation a page reports, from the DOM event and from the console. */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
    violations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation: (t: string) => void })
        .__reportCspViolation;
      void report(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  const onPage = (page: Page) =>
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
    });
  context.pages().forEach(onPage);
  context.on('page', onPage);
  return violations;
}

describe('Content-Security-Policy', () => {
  it('allows styles and scripts only from the app itself, inline neither', async () => {
    const res = await fetch(`${server.url}/login`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    expect(directive('style-src')).toBe("style-src 'self'");
    expect(csp).not.toMatch(/style-src[^;]*https:/);
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    // The API answers with the same policy (and nothing of it may be loosened there).
    expect((await fetch(`${server.url}/api/health`)).headers.get('content-security-policy')).toBe(csp);
  });

  it('the app and the editor run with zero CSP violations, styled', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Ada Student');
    const learner = await createUser(admin, 'learner', 'Lee Learner');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const violations = await watchViolations(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    // The stylesheet applied: the sign-in button is not the browser's default grey.
    const background = await page
      .getByRole('button', { name: 'Sign in' })
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe('rgb(239, 239, 239)');
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await acknowledgeGuidelines(page);

    // Editing: marks, headings, a table (ProseMirror writes style attributes on its columns).
    const pageId = await createPageInUi(page, server.url, 'Septic shock');
    await editorArea(page).click();
    await page.getByRole('button', { name: 'Heading 2' }).click();
    await page.keyboard.type('Management');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.type('Noradrenaline first.');
    await page.getByRole('button', { name: 'Insert table' }).click();
    await editorArea(page).locator('table').waitFor();

    // A co-author: presence avatars and a remote caret coloured per person.
    const other = await signedInPage(browser, server.url, student.email, TEST_PASSWORD);
    const otherViolations = await watchViolations(other.context);
    await other.page.goto(`${server.url}/pages/${pageId}`);
    await connectionIndicator(other.page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(other.page).click();
    await page.locator('.collaboration-carets__label', { hasText: 'Ada Student' }).waitFor();

    // References and the citation picker.
    const panel = page.getByRole('region', { name: /References/ });
    await panel.getByRole('button', { name: 'Add reference' }).click();
    await panel.getByLabel('Entries').fill(SEPSIS_BIBTEX);
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    await panel.getByRole('list', { name: 'Uncited references' }).getByTestId('reference').nth(1).waitFor();
    await editorArea(page).locator('p').last().click();
    await page.getByRole('button', { name: 'Cite', exact: true }).click();
    const picker = page.getByRole('dialog', { name: 'Cite references' });
    await picker.getByLabel('Search references').fill('Singer');
    await picker.getByRole('checkbox').first().check();
    await picker.getByRole('button', { name: 'Insert citation' }).click();
    await editorArea(page).locator('sup.citation').first().waitFor();

    // Review: submit, the queue, history, sign-off; then the learner's published page.
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText('Submitted as revision 1.').waitFor();
    await page.goto(`${server.url}/pages/${pageId}/history`);
    await page.getByRole('list', { name: 'Revisions' }).getByRole('listitem').first().waitFor();
    await page.goto(`${server.url}/admin/users`);
    await page.getByText('Lee Learner').waitFor();

    const reviewer = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);
    const reviewerViolations = await watchViolations(reviewer.context);
    await reviewer.page.goto(`${server.url}/review`);
    await reviewer.page.getByText('Septic shock').first().waitFor();
    const reader = await signedInPage(browser, server.url, learner.email, TEST_PASSWORD);
    const readerViolations = await watchViolations(reader.context);
    await reader.page.goto(`${server.url}/pages/${pageId}`);
    await reader.page.getByText('This page has not been reviewed and published yet.').waitFor();
    // Signed off, the learner reads it: sanitized HTML with a table and numbered citations.
    const queue = await (
      await asAdmin(server.url)
    ).get<{ items: { revision: { id: string } }[] }>('/api/review/queue');
    const revisionId = queue.body.items[0]?.revision.id ?? '';
    await reviewer.page.evaluate(async (id) => {
      await fetch(`/api/revisions/${id}/reviews`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'approve', comment: 'Good' }),
      });
    }, revisionId);
    await reader.page.reload();
    await reader.page.getByText('Noradrenaline first.').waitFor();
    await reader.page.locator('article table').waitFor();

    await page.waitForTimeout(300);
    expect([...violations, ...otherViolations, ...reviewerViolations, ...readerViolations]).toEqual([]);
    for (const c of [context, other.context, reviewer.context, reader.context]) await c.close();
  });
});
