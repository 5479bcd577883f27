import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore } from '@rounds/domain';

/** Keys are server-made UUIDs: anything else (a path, `..`) never names a file. */
const KEY = /^[A-Za-z0-9-]{1,64}$/;
/** A temporary file of a put: `.<key>.<uuid>.tmp`. */
const TEMP = /^\.[A-Za-z0-9-]{1,64}\.[0-9a-f-]{36}\.tmp$/;

const checked = (key: string): string => {
  if (!KEY.test(key)) throw new Error('Invalid blob key');
  return key;
};

const missing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Blobs as files in one folder (`DATA_DIR/images`, outside the web root), named by their key
 * only. A put writes a temporary file, fsyncs it, renames it into place and fsyncs the folder: a
 * crash leaves the old state or the whole blob, never half of one — and, at worst, the temporary
 * file, which `sweepTemporaryFiles` removes at the next start.
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

  /** The file as a read stream (64 KiB chunks): a GET never holds a whole image in memory. */
  async open(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const path = join(this.dir, checked(key));
    const file = await open(path, 'r').catch((err: unknown) => {
      if (missing(err)) return null;
      throw err;
    });
    if (!file) return null;
    // The stream owns the handle and closes it at its end, on error, and when destroyed.
    return file.createReadStream({ autoClose: true, highWaterMark: 64 * 1024 });
  }

  async list(): Promise<{ key: string; modifiedAt: number }[]> {
    const out: { key: string; modifiedAt: number }[] = [];
    for (const name of await readdir(this.dir)) {
      if (!KEY.test(name)) continue;
      try {
        out.push({ key: name, modifiedAt: (await stat(join(this.dir, name))).mtimeMs });
      } catch (err: unknown) {
        if (!missing(err)) throw err;
      }
    }
    return out;
  }

  async delete(key: string): Promise<void> {
    await rm(join(this.dir, checked(key)), { force: true });
    await this.syncDir();
  }

  /**
   * Removes temporary files of puts a crash interrupted, last written at least `olderThanMs` ago
   * (another instance sharing the folder may be writing a younger one). Returns how many.
   */
  async sweepTemporaryFiles(olderThanMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      if (!TEMP.test(name)) continue;
      const path = join(this.dir, name);
      try {
        if ((await stat(path)).mtimeMs > now - olderThanMs) continue;
        await rm(path, { force: true });
        removed++;
      } catch (err: unknown) {
        if (!missing(err)) throw err;
      }
    }
    return removed;
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
