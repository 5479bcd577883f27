import { IMAGE_CONSENTS, IMAGE_LICENCES, type ImageConsent, type ImageLicence } from '@rounds/shared';
import { auditEntry } from './audit.ts';
import { DomainError, forbidden, notFound } from './errors.ts';
import type { Page, User } from './model.ts';
import { policy } from './policy.ts';
import type { Clock, IdGenerator, PageRepository } from './ports.ts';
import type { BlobStore, ImageProcessor, ImageRepository, StoredImage } from './imagePorts.ts';
import { SlidingWindowLimit } from './rateLimit.ts';

/** What the uploader attests with the file. */
export interface ImageUploadInput {
  consent: ImageConsent;
  licence: ImageLicence;
  attribution: string;
}

/** Limits of one person's uploads. */
export interface ImageUploadLimits {
  uploadsPerHour: number;
  /** Bytes (as stored, re-encoded) one person may upload in 24 hours, every page together. */
  bytesPerPersonPerDay: number;
}

const DAY_MS = 86_400_000;

const overBudget = (maxBytes: number): DomainError =>
  new DomainError(
    'rate_limited',
    `You have uploaded ${Math.round(maxBytes / (1024 * 1024))} MB of images in the last 24 hours, the most allowed; try again later`,
    { retryAfterSeconds: 3600 },
  );

const archived = (): DomainError =>
  new DomainError('conflict', 'This page is archived; restore it to change it');

/**
 * Images of pages: uploads with their attestation (consent, licence, attribution), re-encoded
 * without metadata, stored under server-made keys, and read back under the page's rules: whoever
 * may read drafts reads every image of the page; learners only the images its published revision
 * holds (a replaced image is a new id, so nothing unreviewed ever reaches them).
 */
export class ImageService {
  private readonly uploads: SlidingWindowLimit;
  private readonly bytesPerDay: number;

  constructor(
    private readonly pages: PageRepository,
    private readonly images: ImageRepository,
    private readonly blobs: BlobStore,
    private readonly processor: ImageProcessor,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    { uploadsPerHour, bytesPerPersonPerDay }: ImageUploadLimits,
  ) {
    this.bytesPerDay = bytesPerPersonPerDay;
    this.uploads = new SlidingWindowLimit(
      {
        limit: uploadsPerHour,
        windowMs: 3_600_000,
        message: `You can upload at most ${uploadsPerHour} images an hour; try again later`,
      },
      clock,
    );
  }

  /**
   * Whether the actor may upload to the page, asked before the body is read (nobody streams 10 MiB
   * at a page they may not edit); counts the attempt against their hourly budget.
   */
  async authorizeUpload(actor: User, pageId: string): Promise<Page> {
    const page = await this.editablePage(actor, pageId);
    const since = this.clock.now() - DAY_MS;
    if ((await this.images.bytesUploadedSince(actor.id, since)) >= this.bytesPerDay)
      throw overBudget(this.bytesPerDay);
    this.uploads.take(actor.id);
    return page;
  }

  /**
   * Cleans and stores an upload: the blob first, then the row with its `image.uploaded` audit entry
   * in one transaction; should the row fail, the blob is deleted, so a refused image leaves nothing.
   */
  async upload(actor: User, pageId: string, file: Uint8Array, input: ImageUploadInput): Promise<StoredImage> {
    const page = await this.editablePage(actor, pageId);
    if (!(IMAGE_CONSENTS as readonly string[]).includes(input.consent))
      throw new DomainError('validation_failed', 'Say whether the image shows an identifiable patient');
    if (!(IMAGE_LICENCES as readonly string[]).includes(input.licence))
      throw new DomainError('validation_failed', 'Choose the licence the image is shared under');
    const cleaned = await this.processor.clean(file);
    const image: StoredImage = {
      id: this.ids.id(),
      pageId: page.id,
      blobKey: this.ids.id(),
      sha256: cleaned.sha256,
      mime: cleaned.mime,
      width: cleaned.width,
      height: cleaned.height,
      byteSize: cleaned.bytes.byteLength,
      consent: input.consent,
      licence: input.licence,
      attribution: input.attribution,
      uploadedBy: actor.id,
      createdAt: this.clock.now(),
    };
    await this.blobs.put(image.blobKey, cleaned.bytes);
    let outcome: 'inserted' | 'page_archived' | 'over_budget';
    try {
      outcome = await this.images.insertImage(
        image,
        auditEntry(this.clock, actor.id, 'image.uploaded', `image:${image.id}`, {
          imageId: image.id,
          pageId: page.id,
          consent: image.consent,
          licence: image.licence,
          sha256: image.sha256,
        }),
        // Checked with the insert: parallel uploads cannot all pass one by one.
        { maxBytes: this.bytesPerDay, since: this.clock.now() - DAY_MS },
      );
    } catch (err: unknown) {
      await this.blobs.delete(image.blobKey);
      throw err;
    }
    if (outcome !== 'inserted') {
      await this.blobs.delete(image.blobKey);
      throw outcome === 'page_archived' ? archived() : overBudget(this.bytesPerDay);
    }
    return image;
  }

  /**
   * An image and its bytes, if the actor may see it. Learners: only images the page's published
   * revision holds, never of an archived page; anything else is not_found for them (no hint that
   * the image exists).
   */
  async read(
    actor: User,
    imageId: string,
  ): Promise<{ image: StoredImage; bytes: AsyncIterable<Uint8Array> }> {
    const image = await this.images.findImage(imageId);
    if (!image) throw notFound('Image');
    const page = await this.pages.findPage(image.pageId);
    if (!page) throw notFound('Image');
    if (!policy.canReadDraft(actor.role)) {
      const published = page.archivedAt === null ? page.publishedRevisionId : null;
      if (published === null || !(await this.images.revisionHoldsImage(published, image.id)))
        throw notFound('Image');
    }
    const bytes = await this.blobs.open(image.blobKey);
    if (!bytes) throw notFound('Image');
    return { image, bytes };
  }

  /**
   * Removes blobs no image row names, written at least `olderThanMs` ago (a crash between storing
   * a blob and inserting its row, or a failed cleanup); younger ones may be uploads in flight.
   * Returns how many were removed. Run at startup.
   */
  async sweepOrphanBlobs(olderThanMs: number): Promise<number> {
    const cutoff = this.clock.now() - olderThanMs;
    const old = (await this.blobs.list()).filter((b) => b.modifiedAt <= cutoff).map((b) => b.key);
    let removed = 0;
    for (let i = 0; i < old.length; i += 500) {
      const chunk = old.slice(i, i + 500);
      const known = await this.images.knownBlobKeys(chunk);
      for (const key of chunk) {
        if (known.has(key)) continue;
        await this.blobs.delete(key);
        removed++;
      }
    }
    return removed;
  }

  private async editablePage(actor: User, pageId: string): Promise<Page> {
    if (!policy.canEditDraft(actor.role)) throw forbidden('Your role cannot add images');
    const page = await this.pages.findPage(pageId);
    if (!page) throw notFound('Page');
    if (page.archivedAt !== null) throw archived();
    return page;
  }
}
