import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { fetchImage, storedBlobs, uploadImage } from '../support/images.ts';
import { startServer, type TestServer } from '../support/server.ts';

/**
 * Red team (images, F1): a 92 KB PNG (every row the row above plus one) was stored as 67 MB, and
 * twenty parallel reads of it, each read whole into memory, took the server to 1.55 GB.
 */

let server: TestServer;
let student: ApiClient;

beforeAll(async () => {
  server = await startServer();
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
});
afterAll(async () => {
  await server.stop();
});

function amplifierPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const rowLen = width * 4;
  const rows = Buffer.alloc((1 + rowLen) * height);
  randomBytes(rowLen).copy(rows, 1);
  const ones = Buffer.alloc(rowLen, 1);
  for (let y = 1; y < height; y++) {
    rows[y * (1 + rowLen)] = 2;
    ones.copy(rows, y * (1 + rowLen) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('stored images are bounded in bytes, and read back as a stream', () => {
  it('a small PNG that decodes to 16 MiB of pixels is stored small; parallel reads give its bytes, 304 by ETag', async () => {
    const pageId = await createPage(student, 'Tinea');
    const input = amplifierPng(2048, 2048);
    expect(input.byteLength).toBeLessThan(100_000);
    const up = await uploadImage(student, pageId, input);
    expect(up.status).toBe(201);
    const { id, sha256 } = up.body as { id: string; sha256: string };
    const blobs = storedBlobs(server.dataDir);
    expect(blobs).toHaveLength(1);
    const size = statSync(join(server.dataDir, 'images', blobs[0] ?? '')).size;
    // Unfiltered, this was 16 MiB (2048² RGBA, stored incompressible).
    expect(size).toBeLessThan(1024 * 1024);

    const reads = await Promise.all(Array.from({ length: 40 }, () => fetchImage(student, id)));
    for (const r of reads) {
      expect(r.status).toBe(200);
      expect(r.bytes.byteLength).toBe(size);
      expect(r.headers.get('content-length')).toBe(String(size));
    }
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(reads[0]?.bytes ?? Buffer.alloc(0))
        .digest('hex'),
    ).toBe(sha256);
    const cached = await fetch(`${server.url}/api/images/${id}`, {
      headers: { cookie: student.cookie ?? '', 'if-none-match': `"${sha256}"` },
    });
    expect(cached.status).toBe(304);
  }, 60_000);
});
