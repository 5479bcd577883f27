import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { png, storedBlobs, uploadImage } from '../support/images.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer({ IMAGE_UPLOADS_PER_HOUR: '2' });
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

describe('image uploads have an hourly budget per person', () => {
  it('past IMAGE_UPLOADS_PER_HOUR a person gets 429 with retryAfterSeconds, before the body is read; others are not affected', async () => {
    const student = (await createUser(admin, 'student')).client;
    const other = (await createUser(admin, 'student')).client;
    const pageId = await createPage(student, 'Budgeted');
    expect((await uploadImage(student, pageId, await png())).status).toBe(201);
    // A refused attempt counts too: the budget bounds work, not only stored images.
    expect((await uploadImage(student, pageId, Buffer.from('not an image'))).status).toBe(415);
    const third = await uploadImage(student, pageId, await png());
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ error: 'rate_limited' });
    expect((third.body as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect(storedBlobs(server.dataDir)).toHaveLength(1);
    expect((await uploadImage(other, pageId, await png())).status).toBe(201);
  });
});
