import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { fetchImage, jpegWithGps, png, storedBlobs, uploadImage } from '../support/images.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;
let studentId: string;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  const s = await createUser(admin, 'student');
  student = s.client;
  studentId = s.id;
});
afterAll(async () => {
  await server.stop();
});

describe('an uploaded image is stored re-encoded, without metadata', () => {
  it('a camera JPEG loses its EXIF, GPS and serial, is turned upright, and is audited with its attestation', async () => {
    const pageId = await createPage(student, 'Erythema migrans');
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();

    const res = await uploadImage(student, pageId, original, {
      consent: 'consent_on_file',
      licence: 'CC-BY',
      attribution: 'Dr. A. Example, 2024',
    });
    expect(res.status).toBe(201);
    const body = res.body as { id: string; url: string; width: number; height: number; sha256: string };
    expect(body.url).toBe(`/api/images/${body.id}`);
    // Orientation 6 applied before the metadata went: 64×48 stored as 48×64.
    expect([body.width, body.height]).toEqual([48, 64]);

    const stored = await fetchImage(student, body.id);
    expect(stored.status).toBe(200);
    expect(stored.headers.get('content-type')).toBe('image/jpeg');
    expect(stored.headers.get('x-content-type-options')).toBe('nosniff');
    expect(stored.headers.get('cache-control')).toMatch(/^private/);
    expect(stored.headers.get('etag')).toBe(`"${body.sha256}"`);
    expect(createHash('sha256').update(stored.bytes).digest('hex')).toBe(body.sha256);
    const meta = await sharp(stored.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(stored.bytes.includes('SERIAL-0042')).toBe(false);
    expect(stored.bytes.includes('Canon')).toBe(false);
    expect([meta.width, meta.height]).toEqual([48, 64]);

    // The same bytes again, by ETag.
    const again = await fetch(`${server.url}/api/images/${body.id}`, {
      headers: { cookie: student.cookie ?? '', 'if-none-match': `"${body.sha256}"` },
    });
    expect(again.status).toBe(304);

    // Stored under a server-made name, not the upload's.
    expect(storedBlobs(server.dataDir)).toHaveLength(1);
    expect(storedBlobs(server.dataDir)[0]).not.toContain('photo');

    const audit = await admin.get<{
      entries: { action: string; actor: string; target: string; data?: unknown }[];
    }>('/api/audit');
    const entry = audit.body.entries.find((e) => e.action === 'image.uploaded');
    expect(entry).toMatchObject({ actor: studentId, target: `image:${body.id}` });
    // The audit entry holds the attestation and the hash, never the attribution text or the image.
    const auditRow = (await server.rounds.storage.audit.list(0, 1000)).find(
      (e) => e.action === 'image.uploaded',
    );
    expect(auditRow?.data).toEqual({
      imageId: body.id,
      pageId,
      consent: 'consent_on_file',
      licence: 'CC-BY',
      sha256: body.sha256,
    });
    const row = server.rounds.storage.images.findImage(body.id);
    await expect(row).resolves.toMatchObject({
      consent: 'consent_on_file',
      licence: 'CC-BY',
      attribution: 'Dr. A. Example, 2024',
      uploadedBy: studentId,
      sha256: body.sha256,
    });
  });

  it('a PNG with transparency stays a PNG', async () => {
    const pageId = await createPage(student, 'Dermatology atlas');
    const res = await uploadImage(student, pageId, await png(40, 30), undefined, 'x.png', 'image/png');
    expect(res.status).toBe(201);
    const stored = await fetchImage(student, (res.body as { id: string }).id);
    expect(stored.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(stored.bytes).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['png', 40, 30, true]);
  });

  it('a WebP stays WebP; a GIF keeps its first frame, stored as PNG', async () => {
    const pageId = await createPage(student, 'Formats');
    const webp = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#0a0' } })
      .webp()
      .toBuffer();
    const w = await uploadImage(student, pageId, webp, undefined, 'a.webp', 'image/webp');
    expect(w.status).toBe(201);
    expect((await fetchImage(student, (w.body as { id: string }).id)).headers.get('content-type')).toBe(
      'image/webp',
    );
    const gif = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#00f' } })
      .gif()
      .toBuffer();
    const g = await uploadImage(student, pageId, gif, undefined, 'a.gif', 'image/gif');
    expect(g.status).toBe(201);
    const stored = await fetchImage(student, (g.body as { id: string }).id);
    expect(stored.headers.get('content-type')).toBe('image/png');
    expect((await sharp(stored.bytes).metadata()).pages ?? 1).toBe(1);
  });

  it('a large photo is scaled down to 4096 px on its longest side, off the event loop', async () => {
    const pageId = await createPage(student, 'Large photo');
    const big = await sharp({ create: { width: 6000, height: 3000, channels: 3, background: '#543' } })
      .jpeg()
      .toBuffer();
    const upload = uploadImage(student, pageId, big);
    // While it is re-encoded, the server keeps answering quickly.
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await fetch(`${server.url}/api/health`);
      latencies.push(performance.now() - started);
    }
    const res = await upload;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ width: 4096, height: 2048 });
    expect(Math.max(...latencies)).toBeLessThan(250);
  });
});
