import type { StoredImage } from '@rounds/domain';
import { expect, it } from 'vitest';
import { type OpenStorage, user, page, revision } from './fixtures.ts';

const image = (id: string, pageId = 'p1'): StoredImage => ({
  id,
  pageId,
  blobKey: `blob-${id}`,
  sha256: `sha-${id}`,
  mime: 'image/jpeg',
  width: 4,
  height: 3,
  byteSize: 100,
  consent: 'consent_on_file',
  licence: 'CC-BY',
  attribution: 'A. Author',
  uploadedBy: 'u1',
  createdAt: 2,
});
const audit = (id: string) => ({
  at: 2,
  actor: 'u1',
  action: 'image.uploaded',
  target: `image:${id}`,
  data: {},
});

/** Images: the row and its audit entry as one unit, and which revision holds which image. */
export function imagesContract(open: OpenStorage): void {
  it('stores an image with its audit entry, refuses an archived page (nothing written), finds images of a page', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    await s.pages.insertPage(page('p2', 'u1'));
    expect(await s.images.insertImage(image('i1'), audit('i1'))).toBe('inserted');
    expect(await s.images.insertImage(image('i2', 'p2'), audit('i2'))).toBe('inserted');
    expect(await s.images.findImage('i1')).toEqual(image('i1'));
    expect(await s.images.findImage('nope')).toBeNull();
    expect(await s.images.imagesOfPage('p1', ['i1', 'i2', 'nope'])).toEqual(new Set(['i1']));
    expect(await s.images.imagesOfPage('p1', [])).toEqual(new Set());

    await s.pages.setArchived('p1', 5);
    expect(await s.images.insertImage(image('i3'), audit('i3'))).toBe('page_archived');
    expect(await s.images.findImage('i3')).toBeNull();
    const entries = await s.audit.list(0, 100);
    expect(entries.filter((e) => e.action === 'image.uploaded').map((e) => e.target)).toEqual([
      'image:i1',
      'image:i2',
    ]);
  });

  it('a revision holds the images recorded with it, and only images of its own page', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    await s.pages.insertPage(page('p2', 'u1'));
    await s.images.insertImage(image('i1'), audit('i1'));
    await s.images.insertImage(image('other', 'p2'), audit('other'));
    await s.revisions.insertRevision(revision('r1'), { images: ['i1', 'other', 'missing'] });
    await s.revisions.insertRevision(revision('r2'));
    expect(await s.images.revisionHoldsImage('r1', 'i1')).toBe(true);
    expect(await s.images.revisionHoldsImage('r1', 'other')).toBe(false);
    expect(await s.images.revisionHoldsImage('r1', 'missing')).toBe(false);
    expect(await s.images.revisionHoldsImage('r2', 'i1')).toBe(false);
  });

  it('sums one person’s uploads since a time, refuses an insert past a budget (nothing written), knows blob keys', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    await s.images.insertImage(image('i1'), audit('i1'));
    await s.images.insertImage({ ...image('i2'), createdAt: 10 }, audit('i2'));
    expect(await s.images.bytesUploadedSince('u1', 0)).toBe(200);
    expect(await s.images.bytesUploadedSince('u1', 5)).toBe(100);
    expect(await s.images.bytesUploadedSince('nobody', 0)).toBe(0);
    const budget = { maxBytes: 250, since: 0 };
    expect(await s.images.insertImage(image('i3'), audit('i3'), budget)).toBe('over_budget');
    expect(await s.images.findImage('i3')).toBeNull();
    expect(await s.images.insertImage(image('i3'), audit('i3'), { maxBytes: 250, since: 5 })).toBe(
      'inserted',
    );
    expect(await s.images.knownBlobKeys(['blob-i1', 'blob-i3', 'blob-nope'])).toEqual(
      new Set(['blob-i1', 'blob-i3']),
    );
    expect(await s.images.knownBlobKeys([])).toEqual(new Set());
  });
}
