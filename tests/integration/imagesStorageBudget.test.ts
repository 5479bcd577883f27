import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { storedBlobs, uploadImage } from '../support/images.ts';
import { startServer, type TestServer } from '../support/server.ts';
import sharp from 'sharp';
import { randomBytes } from 'node:crypto';

/**
 * Red team (images, F1): at 60 uploads an hour, one person could fill gigabytes of disk a day.
 * `IMAGE_BYTES_PER_PERSON_PER_DAY` bounds the stored bytes of one person's uploads over 24 hours.
 */

let server: TestServer;
let student: ApiClient;
let other: ApiClient;

/** Noise does not compress: about 48 kB stored. */
const noisy = (): Promise<Buffer> =>
  sharp(randomBytes(128 * 128 * 3), { raw: { width: 128, height: 128, channels: 3 } })
    .png()
    .toBuffer();

beforeAll(async () => {
  server = await startServer({ IMAGE_BYTES_PER_PERSON_PER_DAY: '120000' });
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  other = (await createUser(admin, 'student')).client;
});
afterAll(async () => {
  await server.stop();
});

describe('a per-person storage budget for images', () => {
  it('uploads past the day’s bytes are refused 429, in parallel too, and leave no blob; others still upload', async () => {
    const pageId = await createPage(student, 'Melanoma');
    const files = await Promise.all(Array.from({ length: 6 }, noisy));
    const results = await Promise.all(files.map((f) => uploadImage(student, pageId, f)));
    const accepted = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 429);
    expect(accepted.length).toBe(2);
    expect(refused.length).toBe(4);
    expect(refused[0]?.body).toMatchObject({ error: 'rate_limited' });
    expect(String((refused[0]?.body as { message?: string } | undefined)?.message)).toMatch(
      /in the last 24 hours/,
    );
    expect(storedBlobs(server.dataDir).filter((n) => !n.endsWith('.tmp'))).toHaveLength(2);
    // Already over: refused before the body is read.
    const again = await uploadImage(student, pageId, await noisy());
    expect(again.status).toBe(429);
    const otherPage = await createPage(other, 'Naevi');
    expect((await uploadImage(other, otherPage, await noisy())).status).toBe(201);
  }, 60_000);
});
