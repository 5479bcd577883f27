import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { connectCollab, eventually, waitSynced } from '../support/collab.ts';
import { png, uploadImage } from '../support/images.ts';
import { draftText } from '../support/review.ts';
import type { TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('a bounded review diff in the queue card', () => {
  it('says a long block is truncated and how many changed blocks are not listed, and lists the image past the cap', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Amara Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');
    const pageId = await createPage(student.client, 'Huge page');

    // A first publication of 1,003 paragraphs (the diff lists 1,000), the first 5,000 characters long,
    // then an image: image changes are listed past the cap.
    const up = await uploadImage(student.client, pageId, await png());
    const imageId = (up.body as { id: string }).id;
    const tab = connectCollab(server.wsUrl, pageId, student.client.cookie);
    await waitSynced(tab);
    const frag = tab.doc.getXmlFragment('default');
    const long = `Start of the long block ${'lorem ipsum '.repeat(420)}end of the long block`;
    tab.doc.transact(() => {
      for (let i = 0; i < 1_003; i++) {
        const p = new Y.XmlElement('paragraph');
        p.setAttribute('id', `b${i}`);
        p.insert(0, [new Y.XmlText(i === 0 ? long : `Paragraph ${i}`)]);
        frag.insert(frag.length, [p]);
      }
      const img = new Y.XmlElement('image');
      img.setAttribute('id', 'the-image');
      img.setAttribute('imageId', imageId);
      img.setAttribute('alt', 'Chest X-ray, PA view');
      frag.insert(frag.length, [img]);
    });
    await eventually(async () => expect(await draftText(student.client, pageId)).toContain('Paragraph 1002'));
    tab.destroy();
    const rev = await student.client.post(`/api/pages/${pageId}/revisions`, { message: 'All of it' });
    expect(rev.status).toBe(201);

    const reviewer = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);
    await reviewer.page.goto(`${server.url}/review`);
    const card = reviewer.page.getByTestId('queue-item').filter({ hasText: 'Huge page' });
    await card.getByTestId('diff-block').first().waitFor({ timeout: 20_000 });
    await card.getByText('1004 unreviewed blocks').waitFor();
    await expect(card.getByTestId('diff-block').count()).resolves.toBe(1_001);
    await expect(card.getByTestId('diff-block').last().textContent()).resolves.toContain(
      'Chest X-ray, PA view',
    );
    await expect(card.getByTestId('diff-truncation-note').textContent()).resolves.toMatch(
      /too large to list in full: 1,001 changed blocks shown, 3 more not listed\. The image change is listed below \(image changes are always listed\)\./,
    );
    await card.getByTestId('diff-truncation-note').scrollIntoViewIfNeeded();
    await reviewer.page.screenshot({ path: '/tmp/imgfix-truncation.png' });
    const first = card.getByTestId('diff-block').first();
    await expect(first.getByTestId('diff-truncated').textContent()).resolves.toMatch(/… truncated/);
    const shown = (await first.locator('.diff__text').textContent()) ?? '';
    expect(shown).toContain('Start of the long block');
    expect(shown).toContain('end of the long block');
    expect(shown.length).toBeLessThan(long.length);
    await expect(card.getByTestId('diff-truncated-changes').textContent()).resolves.toMatch(
      /… truncated: 3 more changed blocks are not listed/,
    );
    await reviewer.context.close();
  }, 90_000);
});
