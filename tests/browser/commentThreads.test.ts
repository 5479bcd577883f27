import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
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

/** Selects `text` inside the editor the way a mouse drag would (ProseMirror follows the DOM selection). */
async function selectText(page: Page, text: string): Promise<void> {
  await editorArea(page).evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      (root as HTMLElement).focus();
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return;
    }
    throw new Error(`"${wanted}" is not in the editor`);
  }, text);
}

describe('comment threads in the browser', () => {
  it('a comment stays anchored to its text while others edit, and threads take replies and resolve', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Amara Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');
    const pageId = await createPage(student.client, 'Pneumonia');
    const coAuthor = await Editor.open(student.client, server.wsUrl, pageId);
    await coAuthor.append('Amoxicillin 500 mg three times daily for 5 days.');

    const reviewer = await signedInPage(browser, server.url, faculty.email, PASSWORD);
    await reviewer.page.goto(`${server.url}/pages/${pageId}`);
    await connectionIndicator(reviewer.page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(reviewer.page).getByText('Amoxicillin').waitFor();
    await selectText(reviewer.page, '500 mg');
    await reviewer.page.getByRole('button', { name: 'Comment', exact: true }).click();
    const form = reviewer.page.getByRole('form', { name: 'New comment' });
    await form.getByText('500 mg').waitFor();
    await form.getByRole('textbox', { name: 'Comment' }).fill('Is this the adult dose?');
    await form.getByRole('button', { name: 'Post comment' }).click();
    const thread = reviewer.page.getByTestId('thread').filter({ hasText: 'Is this the adult dose?' });
    await thread.waitFor();
    await expect(editorArea(reviewer.page).locator('.comment-range').textContent()).resolves.toBe('500 mg');

    // Someone else adds text before and inside the paragraph: the highlight follows its words.
    const fragment = coAuthor.collab.doc.getXmlFragment('default');
    coAuthor.collab.doc.transact(() => {
      const heading = new Y.XmlElement('paragraph');
      heading.insert(0, [new Y.XmlText('Treatment')]);
      fragment.insert(0, [heading]);
      const paragraph = fragment.get(1);
      const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
      if (text instanceof Y.XmlText) text.insert(0, 'Oral ');
    });
    await editorArea(reviewer.page).getByText('Oral Amoxicillin').waitFor();
    await expect(editorArea(reviewer.page).locator('.comment-range').textContent()).resolves.toBe('500 mg');

    // The author replies and resolves; the thread moves to the resolved ones.
    const author = await signedInPage(browser, server.url, student.email, PASSWORD);
    await author.page.goto(`${server.url}/pages/${pageId}`);
    const authorThread = author.page.getByTestId('thread').filter({ hasText: 'Is this the adult dose?' });
    await authorThread.getByRole('button', { name: 'Reply' }).click();
    await authorThread
      .getByRole('textbox', { name: 'Reply' })
      .fill('Yes, for adults; children are dosed by weight.');
    await authorThread.getByRole('button', { name: 'Post reply' }).click();
    await authorThread.getByText('Yes, for adults; children are dosed by weight.').waitFor();
    await authorThread.getByRole('button', { name: 'Resolve' }).click();
    await author.page.getByRole('button', { name: 'Show resolved (1)' }).waitFor();
    await expect(editorArea(author.page).locator('.comment-range').count()).resolves.toBe(0);

    await reviewer.page.reload();
    await reviewer.page.getByRole('button', { name: 'Show resolved (1)' }).click();
    const resolved = reviewer.page.getByTestId('thread').filter({ hasText: 'Is this the adult dose?' });
    await resolved.getByText('Resolved by Amara Student').waitFor();
    await resolved.getByRole('button', { name: 'Reopen' }).click();
    await reviewer.page.getByRole('button', { name: 'Show resolved (1)' }).waitFor({ state: 'detached' });
    await expect(editorArea(reviewer.page).locator('.comment-range').textContent()).resolves.toBe('500 mg');

    coAuthor.close();
    await reviewer.context.close();
    await author.context.close();
  });
});
