import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from './FsBlobStore.ts';

const dirs: string[] = [];
const store = (): { blobs: FsBlobStore; dir: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
  dirs.push(dir);
  return { blobs: new FsBlobStore(dir), dir };
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('FsBlobStore', () => {
  it('streams a blob in chunks of at most 64 KiB (a read never holds the whole file), and null for none', async () => {
    const { blobs } = store();
    const bytes = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
    await blobs.put('k1', bytes);
    const stream = await blobs.open('k1');
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream ?? []) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(16);
    expect(Math.max(...chunks.map((c) => c.byteLength))).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
    expect(await blobs.open('nope')).toBeNull();
    await expect(blobs.open('../etc/passwd')).rejects.toThrow('Invalid blob key');
  });

  it('lists blobs (never temporary files) and sweeps temporary files older than asked', async () => {
    const { blobs, dir } = store();
    await blobs.put('k1', new Uint8Array([1]));
    const old = '.k2.0f0e0d0c-0b0a-4909-8807-060504030201.tmp';
    const young = '.k3.1f0e0d0c-0b0a-4909-8807-060504030201.tmp';
    writeFileSync(join(dir, old), 'x');
    writeFileSync(join(dir, young), 'x');
    const t = (Date.now() - 3_600_000) / 1000;
    utimesSync(join(dir, old), t, t);
    expect((await blobs.list()).map((b) => b.key)).toEqual(['k1']);
    expect(await blobs.sweepTemporaryFiles(60_000)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([young, 'k1'].sort());
  });
});
