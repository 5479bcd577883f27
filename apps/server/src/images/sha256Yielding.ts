import { createHash } from 'node:crypto';

/** Bytes hashed between chances for other work to run (about 2 ms each). */
const CHUNK = 1024 * 1024;

/** SHA-256 (hex) of `data`, a megabyte at a time with the event loop free in between. */
export async function sha256Yielding(data: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < data.byteLength; at += CHUNK) {
    if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    hash.update(data.subarray(at, at + CHUNK));
  }
  return hash.digest('hex');
}
