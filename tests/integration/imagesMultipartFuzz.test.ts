import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { mulberry32, testSeed } from '../support/collab.ts';
import { jpegWithGps, png, storedBlobs } from '../support/images.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let student: ApiClient;
let pageId: string;

beforeAll(async () => {
  server = await startServer({ IMAGE_UPLOADS_PER_HOUR: '10000' });
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  pageId = await createPage(student, 'Fuzzed images');
});
afterAll(async () => {
  await server.stop();
});

const MAGIC = [
  [0xff, 0xd8, 0xff, 0xe0],
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50],
  [0, 0, 0, 0x1c, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66],
];

describe('random multipart uploads never break the server or leave a file behind', () => {
  it('truncated, bit-flipped, magic-prefixed and badly framed bodies get 201 or a 4xx, and files match the 201s', async () => {
    const seed = testSeed('IMAGE_FUZZ_SEED');
    const rand = mulberry32(seed);
    const int = (n: number) => Math.floor(rand() * n);
    const valid = [await jpegWithGps(), await png(24, 24)];
    let created = 0;
    for (let i = 0; i < 60; i++) {
      const base = Buffer.from(valid[int(valid.length)] ?? valid[0]!);
      let file: Buffer;
      switch (int(4)) {
        case 0:
          file = base.subarray(0, int(base.length));
          break;
        case 1:
          file = Buffer.from(base);
          for (let k = 0; k < 1 + int(20); k++) file[int(file.length)] = int(256);
          break;
        case 2:
          file = Buffer.concat([
            Buffer.from(MAGIC[int(MAGIC.length)] ?? []),
            Buffer.from(Array.from({ length: int(4000) }, () => int(256))),
          ]);
          break;
        default:
          file = Buffer.concat([base, Buffer.from(Array.from({ length: int(2000) }, () => int(256)))]);
      }
      const boundary = `b${int(1e9)}`;
      const parts = [
        `--${boundary}\r\nContent-Disposition: form-data; name="consent"\r\n\r\nconsent_on_file\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="licence"\r\n\r\nCC0\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f${i}"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ];
      let body = Buffer.concat([Buffer.from(parts.join('')), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      // Sometimes the framing itself is cut or mangled.
      if (int(5) === 0) body = body.subarray(0, int(body.length));
      const res = await fetch(`${server.url}/api/pages/${pageId}/images`, {
        method: 'POST',
        headers: {
          cookie: student.cookie ?? '',
          'content-type': `multipart/form-data; boundary=${int(8) === 0 ? 'wrong' : boundary}`,
        },
        body,
      });
      const answer = await res.text();
      expect(res.status, `seed ${seed}, case ${i}: ${answer}`).toBeLessThan(500);
      expect([201, 400, 413, 415], `seed ${seed}, case ${i}`).toContain(res.status);
      if (res.status === 201) created++;
      expect(JSON.parse(answer)).toHaveProperty(res.status === 201 ? 'sha256' : 'error');
    }
    expect(storedBlobs(server.dataDir), `seed ${seed}`).toHaveLength(created);
  });
});
