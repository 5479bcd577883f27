import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { jpegWithGps } from '../support/images.ts';
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

const SHOTS = process.env.SCREENSHOT_DIR;

describe('uploading an image in the editor', () => {
  it('a student uploads a camera photo with consent, licence and alt text; it shows in the editor without its EXIF and GPS', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Ines Student');
    const pageId = await createPage(student.client, 'Tinea corporis');
    const photo = join(tmpdir(), `rounds-photo-${Date.now()}.jpg`);
    writeFileSync(photo, await jpegWithGps());

    const { page } = await signedInPage(browser, server.url, student.email, TEST_PASSWORD);
    await page.goto(`${server.url}/pages/${pageId}`);
    await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(page).click();
    await page.keyboard.type('Annular scaly plaque with central clearing.');

    // The button opens the file chooser; choosing the file opens the attestation dialog.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Insert image' }).click();
    await (await chooser).setFiles(photo);
    const dialog = page.getByRole('dialog', { name: 'Add an image' });
    await dialog.waitFor();
    const upload = dialog.getByRole('button', { name: 'Upload and insert' });
    expect(await upload.isDisabled()).toBe(true);
    await dialog.getByRole('radio', { name: /No identifiable patient/ }).check();
    await dialog.getByLabel('Licence (required)').selectOption('own work');
    await dialog.getByLabel('Attribution').fill('Ines Student');
    await dialog.getByLabel('Alt text (required)').fill('Annular plaque on the forearm');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'image-dialog.png') });
    await upload.click();
    await dialog.waitFor({ state: 'detached' });

    const node = editorArea(page).getByTestId('image-node');
    await node.waitFor();
    const img = node.locator('img');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(48);
    const src = await img.getAttribute('src');
    expect(src).toMatch(/^\/api\/images\/[0-9a-f-]{36}$/);
    await expect(img.getAttribute('alt')).resolves.toBe('Annular plaque on the forearm');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'image-editor.png') });

    // The bytes the browser was given carry no EXIF, GPS or camera serial.
    const bytes = Buffer.from(
      await page.evaluate(
        async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())),
        src ?? '',
      ),
    );
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes('SERIAL-0042')).toBe(false);

    // Clearing the alt text marks the image as not ready to submit.
    const altField = node.getByLabel('Alt text');
    await altField.fill('');
    await altField.press('Enter');
    await node.getByText(/Alt text missing/).waitFor();
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'image-no-alt.png') });
    await altField.fill('Annular plaque with a raised scaly edge');
    await altField.press('Enter');
    await expect.poll(() => node.getByText(/Alt text missing/).count()).toBe(0);

    // Pasting an image file opens the same dialog; cancelling inserts nothing.
    const jpegBytes = Array.from(await jpegWithGps());
    await editorArea(page).locator('p').first().click();
    await page.evaluate((bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'pasted.jpg', { type: 'image/jpeg' }));
      document
        .querySelector('.ProseMirror')
        ?.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
    }, jpegBytes);
    await dialog.waitFor();
    await dialog.getByText('pasted.jpg').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(editorArea(page).getByTestId('image-node').count()).resolves.toBe(1);

    // Dropping an image file on the text opens it too.
    const box = await editorArea(page).locator('p').first().boundingBox();
    await page.evaluate(
      ({ bytes, x, y }) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], 'dropped.jpg', { type: 'image/jpeg' }));
        document.querySelector('.ProseMirror p')?.dispatchEvent(
          new DragEvent('drop', {
            dataTransfer: data,
            clientX: x,
            clientY: y,
            bubbles: true,
            cancelable: true,
          }),
        );
      },
      { bytes: jpegBytes, x: (box?.x ?? 0) + 10, y: (box?.y ?? 0) + 5 },
    );
    await dialog.getByText('dropped.jpg').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The server stored the node with its alt text.
    await expect
      .poll(
        async () =>
          (await student.client.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`)).body,
      )
      .toContain('[image: Annular plaque with a raised scaly edge]');
  });
});
