import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
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

const hrefOf = (chars: number): string => 'https://example.org/' + 'a'.repeat(chars - 20);

describe('link bounds in the editor', () => {
  it('the link prompt refuses a URL over 2,048 characters with a message; the editor stays connected', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student');
    const pageId = await createPage(student.client, 'Long links');
    const { page } = await signedInPage(browser, server.url, student.email, TEST_PASSWORD);
    await page.goto(`${server.url}/pages/${pageId}`);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(page).click();
    await page.keyboard.type('the guideline');
    await page.keyboard.press('Shift+Home');
    const messages: string[] = [];
    page.on('dialog', (dialog) => {
      messages.push(dialog.message());
      void (dialog.type() === 'prompt' ? dialog.accept(hrefOf(3_000)) : dialog.accept());
    });
    await page.getByRole('button', { name: 'Link' }).click();
    await eventually(() => Promise.resolve(expect(messages.some((m) => m.includes('too long'))).toBe(true)));
    expect(messages.find((m) => m.includes('too long'))).toContain('at most 2,048');
    await page.keyboard.press('End');
    await page.keyboard.type(' applies');
    await eventually(async () => {
      const html = await student.client.get<string>(`/api/pages/${pageId}/content?version=draft&format=html`);
      expect(html.body).toContain('the guideline applies');
      expect(html.body).not.toContain('<a');
    });
    await connectionIndicator(page).getByText('Connected').waitFor();
  });

  it('a draft stored before the bounds with a 5 kB href opens, and editing inside the link is never refused', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student');
    const pageId = await createPage(student.client, 'Stored long link');
    const doc = new Y.Doc();
    const p = new Y.XmlElement('paragraph');
    p.setAttribute('id', 'p-long');
    const text = new Y.XmlText();
    p.insert(0, [text]);
    doc.getXmlFragment('default').insert(0, [p]);
    text.insert(0, 'alpha beta gamma', { link: { href: hrefOf(5_000) } });
    await server.rounds.storage.documents.appendUpdates(pageId, [
      { userId: student.id, update: Y.encodeStateAsUpdate(doc), at: Date.now() },
    ]);

    const { page } = await signedInPage(browser, server.url, student.email, TEST_PASSWORD);
    await page.goto(`${server.url}/pages/${pageId}`);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(page).getByText('alpha beta gamma').click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.keyboard.type('delta');
    await eventually(async () => {
      const draft = await student.client.get<string>(
        `/api/pages/${pageId}/content?version=draft&format=text`,
      );
      expect(draft.body).toContain('delta');
      expect(draft.body).toContain('alpha beta gam');
    });
    await page.waitForTimeout(500);
    await connectionIndicator(page).getByText('Connected').waitFor();
    expect(await editorArea(page).locator('a').count()).toBe(0);
  });
});
