import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { fetchImage, png, storedBlobs, uploadImage } from '../support/images.ts';
import { startServer } from '../support/server.ts';

/**
 * Red team (images, F3): a kill -9 while a blob is written leaves its temporary file, and one between
 * storing a blob and inserting its row leaves a blob no image names; nothing removed either.
 */

const dir = mkdtempSync(join(tmpdir(), 'rounds-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const age = (path: string, ms: number): void => {
  const t = (Date.now() - ms) / 1000;
  utimesSync(path, t, t);
};

describe('startup removes what a crash left in DATA_DIR/images', () => {
  it('old temporary files and old blobs without an image row go; images, and young files, stay', async () => {
    const first = await startServer({}, dir);
    const admin = await asAdmin(first.url);
    const pageId = await createPage(admin, 'Gout');
    const kept = (await uploadImage(admin, pageId, await png())).body as { id: string };
    await first.stop();

    const images = join(dir, 'images');
    mkdirSync(images, { recursive: true });
    const stale = '.4b1d2c3e-0000-4000-8000-000000000001.0f0e0d0c-0b0a-4909-8807-060504030201.tmp';
    const young = '.4b1d2c3e-0000-4000-8000-000000000002.1f0e0d0c-0b0a-4909-8807-060504030201.tmp';
    const orphan = '4b1d2c3e-0000-4000-8000-000000000003';
    const youngOrphan = '4b1d2c3e-0000-4000-8000-000000000004';
    for (const name of [stale, young, orphan, youngOrphan])
      writeFileSync(join(images, name), 'x'.repeat(1000));
    age(join(images, stale), 3_600_000);
    age(join(images, orphan), 3_600_000);
    const before = storedBlobs(dir);
    expect(before).toEqual(expect.arrayContaining([stale, young, orphan, youngOrphan]));
    // The image's own blob, just as old: it has a row, so it stays.
    for (const name of before.filter((n) => ![stale, young, orphan, youngOrphan].includes(n)))
      age(join(images, name), 3_600_000);

    const second = await startServer({}, dir, { bootstrapAdmin: false });
    try {
      await eventually(() => {
        const now = storedBlobs(dir);
        expect(now).not.toContain(stale);
        expect(now).not.toContain(orphan);
        return Promise.resolve();
      }, 10_000);
      const after = storedBlobs(dir);
      expect(after).toContain(young);
      expect(after).toContain(youngOrphan);
      expect(after).toHaveLength(before.length - 2);
      const signedIn = await asAdmin(second.url);
      expect((await fetchImage(signedIn, kept.id)).status).toBe(200);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
