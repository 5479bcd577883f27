import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore } from '@rounds/domain';

/** Keys are server-made UUIDs: anything else (a path, `..`) never names a file. */
const KEY = /^[A-Za-z0-9-]{1,64}$/;

const checked = (key: string): string => {
  if (!KEY.test(key)) throw new Error('Invalid blob key');
  return key;
};

/**
 * Blobs as files in one folder (`DATA_DIR/images`, outside the web root), named by their key
 * only. A put writes a temporary file, fsyncs it, renames it into place and fsyncs the folder: a
 * crash leaves the old state or the whole blob, never half of one.
 */
export class FsBlobStore implements BlobStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = join(this.dir, checked(key));
    const temp = join(this.dir, `.${key}.${randomUUID()}.tmp`);
    try {
      const file = await open(temp, 'wx', 0o600);
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, target);
    } catch (err: unknown) {
      await rm(temp, { force: true });
      throw err;
    }
    await this.syncDir();
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await readFile(join(this.dir, checked(key)));
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(join(this.dir, checked(key)), { force: true });
    await this.syncDir();
  }

  private async syncDir(): Promise<void> {
    // Makes the rename (or removal) itself durable; not every platform can open a folder.
    try {
      const dir = await open(this.dir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      /* best effort */
    }
  }
}
