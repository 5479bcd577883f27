import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_LIMITS, SharpImageProcessor } from './SharpImageProcessor.ts';

/**
 * Red team (images, F1): a PNG whose every row is the row above plus one (random along x). With the
 * "Up" filter it deflates to almost nothing; stored without filters it does not compress at all.
 */
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

const noise = (width: number, height: number, channels: 3 | 4 = 3): Promise<Buffer> =>
  sharp(randomBytes(width * height * channels), { raw: { width, height, channels } })
    .png()
    .toBuffer();

describe('re-encoding is bounded in stored bytes', () => {
  it('a PNG its filters compress stays small stored (adaptive filtering)', async () => {
    const input = amplifierPng(1024, 1024);
    expect(input.byteLength).toBeLessThan(20_000);
    const out = await new SharpImageProcessor().clean(input);
    expect(out.mime).toBe('image/png');
    // Without filters: 4 MiB (1024² RGBA, incompressible).
    expect(out.bytes.byteLength).toBeLessThan(200_000);
  }, 30_000);

  it('a re-encode past the stored-bytes cap is stored as WebP, and refused 413 when even that is too large', async () => {
    const input = await noise(256, 256);
    const limits = { ...DEFAULT_IMAGE_LIMITS, maxOutputBytes: 150_000 };
    const out = await new SharpImageProcessor(limits).clean(input);
    expect(out.mime).toBe('image/webp');
    expect(out.bytes.byteLength).toBeLessThanOrEqual(150_000);
    const tiny = new SharpImageProcessor({ ...DEFAULT_IMAGE_LIMITS, maxOutputBytes: 1_000 });
    const refused = await tiny.clean(input).catch((err: unknown) => err as { code: string; message: string });
    expect(refused).toMatchObject({ code: 'too_large' });
    expect((refused as { message: string }).message).toMatch(/MiB stored/);
  });

  it('the sha256 is of the stored bytes', async () => {
    const { createHash } = await import('node:crypto');
    const out = await new SharpImageProcessor().clean(await noise(64, 64));
    expect(out.sha256).toBe(createHash('sha256').update(out.bytes).digest('hex'));
  });
});

describe('formats decoded whole have lower pixel limits', () => {
  it('an AVIF over 16 megapixels is refused 413 before decoding; a small one is stored as WebP', async () => {
    const avif = await sharp({ create: { width: 4100, height: 4100, channels: 3, background: '#345' } })
      .avif({ quality: 1, effort: 0 })
      .toBuffer();
    const refused = await new SharpImageProcessor()
      .clean(avif)
      .catch((err: unknown) => err as { code: string; message: string });
    expect(refused).toMatchObject({ code: 'too_large' });
    expect((refused as { message: string }).message).toMatch(/16 megapixels are accepted for this format/);
    const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#345' } })
      .avif({ effort: 0 })
      .toBuffer();
    await expect(new SharpImageProcessor().clean(small)).resolves.toMatchObject({
      mime: 'image/webp',
      width: 300,
    });
  }, 60_000);
});
