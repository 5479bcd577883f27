import { describe, expect, it } from 'vitest';
import { ImageService } from './ImageService.ts';
import type { BlobStore, ImageProcessor, ImageRepository } from './imagePorts.ts';
import type { Page, User } from './model.ts';
import type { PageRepository } from './ports.ts';

const page: Page = {
  id: 'p1',
  slug: 'p1',
  title: 'P',
  publishedTitle: null,
  publishedSlug: null,
  createdBy: 'u1',
  createdAt: 0,
  updatedAt: 0,
  collectionId: null,
  publishedRevisionId: null,
  publishedAt: null,
  archivedAt: null,
};
const student: User = {
  id: 'u1',
  email: 's@example.org',
  name: 'S',
  role: 'student',
  passwordHash: '',
  disabled: false,
  createdAt: 0,
};

class MemoryBlobs implements BlobStore {
  readonly blobs = new Map<string, Uint8Array>();
  put(key: string, bytes: Uint8Array): Promise<void> {
    this.blobs.set(key, bytes);
    return Promise.resolve();
  }
  open(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const bytes = this.blobs.get(key);
    return Promise.resolve(bytes ? [bytes].values() : null) as Promise<AsyncIterable<Uint8Array> | null>;
  }
  list(): Promise<{ key: string; modifiedAt: number }[]> {
    return Promise.resolve([...this.blobs.keys()].map((key) => ({ key, modifiedAt: 0 })));
  }
  delete(key: string): Promise<void> {
    this.blobs.delete(key);
    return Promise.resolve();
  }
}

const processor: ImageProcessor = {
  clean: () =>
    Promise.resolve({
      bytes: new Uint8Array([1, 2, 3]),
      mime: 'image/png',
      width: 1,
      height: 1,
      sha256: 'ab',
    }),
};
const pages = { findPage: () => Promise.resolve(page) } as unknown as PageRepository;
let n = 0;
const ids = { id: () => `id-${++n}`, secret: () => 's', hashSecret: (s: string) => s };
const clock = { now: () => 1 };
const input = { consent: 'consent_on_file', licence: 'CC0', attribution: '' } as const;

function service(images: Partial<ImageRepository>, blobs: BlobStore): ImageService {
  const repo = { bytesUploadedSince: () => Promise.resolve(0), ...images } as ImageRepository;
  return new ImageService(pages, repo, blobs, processor, ids, clock, {
    uploadsPerHour: 10,
    bytesPerPersonPerDay: 1_000,
  });
}

describe('a refused image leaves no blob', () => {
  it('the blob is deleted when storing the row fails', async () => {
    const blobs = new MemoryBlobs();
    const images = { insertImage: () => Promise.reject(new Error('disk full')) };
    await expect(service(images, blobs).upload(student, 'p1', new Uint8Array(), input)).rejects.toThrow(
      'disk full',
    );
    expect(blobs.blobs.size).toBe(0);
  });

  it('the blob is deleted when the page was archived meanwhile', async () => {
    const blobs = new MemoryBlobs();
    const images = { insertImage: () => Promise.resolve('page_archived' as const) };
    await expect(service(images, blobs).upload(student, 'p1', new Uint8Array(), input)).rejects.toMatchObject(
      {
        code: 'conflict',
      },
    );
    expect(blobs.blobs.size).toBe(0);
  });

  it('the blob stays when the row is stored', async () => {
    const blobs = new MemoryBlobs();
    const images = { insertImage: () => Promise.resolve('inserted' as const) };
    const image = await service(images, blobs).upload(student, 'p1', new Uint8Array(), input);
    expect([...blobs.blobs.keys()]).toEqual([image.blobKey]);
  });

  it('an insert past the storage budget is refused with rate_limited, and its blob deleted', async () => {
    const blobs = new MemoryBlobs();
    const images = { insertImage: () => Promise.resolve('over_budget' as const) };
    await expect(service(images, blobs).upload(student, 'p1', new Uint8Array(), input)).rejects.toMatchObject(
      {
        code: 'rate_limited',
      },
    );
    expect(blobs.blobs.size).toBe(0);
  });

  it('an upload budget past its limit is refused with rate_limited', async () => {
    const s = service({}, new MemoryBlobs());
    for (let i = 0; i < 10; i++) await s.authorizeUpload(student, 'p1');
    await expect(s.authorizeUpload(student, 'p1')).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
