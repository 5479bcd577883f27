import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { jpegWithGps, png, pngBomb, storedBlobs, uploadImage } from '../support/images.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;
let faculty: ApiClient;
let learner: ApiClient;
let pageId: string;
let before: string[];

beforeAll(async () => {
  server = await startServer({ IMAGE_UPLOADS_PER_HOUR: '1000' });
  admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
  learner = (await createUser(admin, 'learner')).client;
  pageId = await createPage(student, 'Wound care');
  // One image already there: a refusal must leave it, and add nothing.
  expect((await uploadImage(student, pageId, await png())).status).toBe(201);
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  before = storedBlobs(server.dataDir);
});

async function imageRows(): Promise<number> {
  const audit = await admin.get<{ entries: { action: string }[] }>('/api/audit');
  return audit.body.entries.filter((e) => e.action === 'image.uploaded').length;
}

async function refused(
  file: Uint8Array | null,
  status: number,
  error: string,
  fields?: Record<string, string>,
  name = 'photo.jpg',
  type = 'image/jpeg',
): Promise<string> {
  const rows = await imageRows();
  const res = await uploadImage(student, pageId, file, fields, name, type);
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ error });
  expect(typeof (res.body as { message?: unknown }).message).toBe('string');
  expect(storedBlobs(server.dataDir)).toEqual(before);
  expect(await imageRows()).toBe(rows);
  return (res.body as { message: string }).message;
}

describe('uploads that are not acceptable images are refused and leave nothing behind', () => {
  it('SVG is refused by its content, whatever it is called', async () => {
    const svg = Buffer.from(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    await refused(svg, 415, 'unsupported_media_type', undefined, 'x.svg', 'image/svg+xml');
    await refused(svg, 415, 'unsupported_media_type', undefined, 'x.png', 'image/png');
  });

  it('a text file named .jpg is refused', async () => {
    await refused(Buffer.from('just some notes, not a picture\n'.repeat(20)), 415, 'unsupported_media_type');
  });

  it('a PDF and an HTML page are refused', async () => {
    await refused(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'), 415, 'unsupported_media_type');
    await refused(
      Buffer.from('<!doctype html><html><script>alert(1)</script></html>'),
      415,
      'unsupported_media_type',
    );
  });

  it('a truncated JPEG is refused as unreadable', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    await refused(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 400, 'validation_failed');
  });

  it('a PNG header with garbage after it is refused', async () => {
    const header = (await png()).subarray(0, 16);
    await refused(Buffer.concat([header, Buffer.alloc(2000, 0x41)]), 400, 'validation_failed');
  });

  it('a file over 10 MiB is refused with 413', async () => {
    const big = Buffer.concat([await jpegWithGps(), Buffer.alloc(11 * 1024 * 1024, 1)]);
    await refused(big, 413, 'too_large');
  });

  it('a decompression bomb (30000×30000 PNG in a small file) is refused quickly, before decoding', async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const started = Date.now();
    const message = await refused(bomb, 413, 'too_large', undefined, 'bomb.png', 'image/png');
    expect(message).toContain('30000×30000');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('without a consent, with an unknown consent or licence, or an over-long attribution: 400', async () => {
    const jpeg = await jpegWithGps();
    await refused(jpeg, 400, 'validation_failed', { licence: 'CC0' });
    await refused(jpeg, 400, 'validation_failed', { consent: 'yes', licence: 'CC0' });
    await refused(jpeg, 400, 'validation_failed', {
      consent: 'consent_on_file',
      licence: 'all rights reserved',
    });
    await refused(jpeg, 400, 'validation_failed', {
      consent: 'consent_on_file',
      licence: 'CC0',
      attribution: 'x'.repeat(600),
    });
    // Past the multipart field bound: refused while reading, never buffered whole.
    await refused(jpeg, 400, 'validation_failed', {
      consent: 'consent_on_file',
      licence: 'CC0',
      attribution: 'x'.repeat(100_000),
    });
  });

  it('no file, two files, or an extra file field: 400', async () => {
    await refused(null, 400, 'validation_failed', { consent: 'consent_on_file', licence: 'CC0' });
    const jpeg = await jpegWithGps();
    for (const names of [['file', 'file'], ['file', 'other'], ['other']]) {
      const form = new FormData();
      form.append('consent', 'consent_on_file');
      form.append('licence', 'CC0');
      for (const n of names)
        form.append(n, new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'a.jpg');
      const res = await fetch(`${server.url}/api/pages/${pageId}/images`, {
        method: 'POST',
        headers: { cookie: student.cookie ?? '' },
        body: form,
      });
      expect(res.status).toBe(400);
      expect(storedBlobs(server.dataDir)).toEqual(before);
    }
  });

  it('a broken multipart body or a JSON body is refused, never a 500', async () => {
    const broken = await fetch(`${server.url}/api/pages/${pageId}/images`, {
      method: 'POST',
      headers: { cookie: student.cookie ?? '', 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff',
    });
    expect(broken.status).toBe(400);
    const json = await student.post(`/api/pages/${pageId}/images`, { consent: 'consent_on_file' });
    expect(json.status).toBe(415);
    expect(storedBlobs(server.dataDir)).toEqual(before);
  });

  it('a cross-site form post is refused by the Origin check', async () => {
    const form = new FormData();
    form.append('consent', 'consent_on_file');
    form.append('licence', 'CC0');
    form.append('file', new Blob([new Uint8Array(await jpegWithGps())], { type: 'image/jpeg' }), 'a.jpg');
    const res = await fetch(`${server.url}/api/pages/${pageId}/images`, {
      method: 'POST',
      headers: { cookie: student.cookie ?? '', origin: 'https://evil.example' },
      body: form,
    });
    expect(res.status).toBe(403);
    expect(storedBlobs(server.dataDir)).toEqual(before);
  });

  it('learners may not upload; nor may anyone to a page that does not exist', async () => {
    const jpeg = await jpegWithGps();
    const asLearner = await uploadImage(learner, pageId, jpeg);
    expect([403, 404]).toContain(asLearner.status);
    const missing = await uploadImage(student, '00000000-0000-4000-8000-000000000000', jpeg);
    expect(missing.status).toBe(404);
    const anonymous = await fetch(`${server.url}/api/pages/${pageId}/images`, {
      method: 'POST',
      body: new FormData(),
    });
    expect(anonymous.status).toBe(401);
    expect(storedBlobs(server.dataDir)).toEqual(before);
  });

  it('uploads to an archived page are refused with 409', async () => {
    const archivedPage = await createPage(student, 'Old page');
    expect((await faculty.post(`/api/pages/${archivedPage}/archive`)).status).toBe(200);
    const res = await uploadImage(student, archivedPage, await jpegWithGps());
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'conflict' });
    expect(storedBlobs(server.dataDir)).toEqual(before);
  });

  it('a polyglot (a JPEG with a script after its end) is accepted as pixels only', async () => {
    const payload = '<script>alert(document.cookie)</script><?php system($_GET["c"]); ?>';
    const polyglot = Buffer.concat([await jpegWithGps(), Buffer.from(payload)]);
    const res = await uploadImage(student, pageId, polyglot);
    expect(res.status).toBe(201);
    const stored = await fetch(`${server.url}/api/images/${(res.body as { id: string }).id}`, {
      headers: { cookie: student.cookie ?? '' },
    });
    const bytes = Buffer.from(await stored.arrayBuffer());
    expect(bytes.includes('<script>')).toBe(false);
    expect(bytes.includes('<?php')).toBe(false);
  });
});
