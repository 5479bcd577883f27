import { join } from 'node:path';
import * as Y from 'yjs';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { appendImage, png, uploadImage } from '../support/images.ts';
import { Editor } from '../support/review.ts';
import type { TestServer } from '../support/server.ts';
import { signedInPage, startServerAndBrowser, stopServerAndBrowser } from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const SHOTS = process.env.SCREENSHOT_DIR;
const loadedWidth = (img: Locator) =>
  img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0));

describe('images in review and on the published page', () => {
  it('faculty see a replaced image as before/after thumbnails; learners see the published image only', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Sam Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Reviewer');
    const learner = await createUser(admin, 'learner', 'Lou Learner');
    const pageId = await createPage(student.client, 'Pneumothorax');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('A visceral pleural line with no lung markings beyond it.');
    const first = (await uploadImage(student.client, pageId, await png(80, 60))).body as { id: string };
    const blockId = await appendImage(editor, first.id, 'Chest X-ray with a right apical pneumothorax');
    const v1 = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    await faculty.client.post(`/api/revisions/${v1.body.id}/reviews`, { decision: 'approve', comment: 'ok' });

    // A better picture replaces the first in the same block: a new image id.
    const second = (await uploadImage(student.client, pageId, await png(120, 90))).body as { id: string };
    const node = editor.collab.doc
      .getXmlFragment('default')
      .toArray()
      .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('id') === blockId);
    node?.setAttribute('imageId', second.id);
    await eventually(async () => {
      const draft = await student.client.get(`/api/pages/${pageId}/content?version=draft`);
      if (!JSON.stringify(draft.body).includes(second.id)) throw new Error('not stored yet');
    });
    expect((await student.client.post(`/api/pages/${pageId}/revisions`, { message: 'v2' })).status).toBe(201);

    const reviewer = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);
    await reviewer.page.goto(`${server.url}/review`);
    const item = reviewer.page.getByTestId('queue-item').filter({ hasText: 'Pneumothorax' });
    await item.getByText('Image replaced by another picture').waitFor();
    const before = item.locator('.diff__image--before img');
    const after = item.locator('.diff__image--after img');
    await expect.poll(() => loadedWidth(before)).toBe(80);
    await expect.poll(() => loadedWidth(after)).toBe(120);
    if (SHOTS) await item.screenshot({ path: join(SHOTS, 'image-review-diff.png') });

    const reader = await signedInPage(browser, server.url, learner.email, TEST_PASSWORD);
    await reader.page.goto(`${server.url}/pages/${pageId}`);
    const published = reader.page.locator('.prose--published img');
    await published.waitFor();
    await expect(published.getAttribute('src')).resolves.toBe(`/api/images/${first.id}`);
    await expect(published.getAttribute('alt')).resolves.toBe('Chest X-ray with a right apical pneumothorax');
    await expect.poll(() => loadedWidth(published)).toBe(80);
    if (SHOTS) await reader.page.screenshot({ path: join(SHOTS, 'image-published.png') });
    // The pending replacement is not theirs to see.
    const status = await reader.page.evaluate(
      async (id) => (await fetch(`/api/images/${id}`)).status,
      second.id,
    );
    expect(status).toBe(404);

    editor.close();
    await reviewer.context.close();
    await reader.context.close();
  });
});
