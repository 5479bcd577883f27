import type { ImageConsent, ImageLicence } from '@rounds/shared';
import type { NewAuditEntry } from './ports.ts';

/** An uploaded image of a page: immutable (a replaced image is a new one), with its attestation. */
export interface StoredImage {
  id: string;
  pageId: string;
  /** Where the blob store keeps the bytes: server-made, never from the upload. */
  blobKey: string;
  /** SHA-256 (hex) of the stored, re-encoded bytes. */
  sha256: string;
  mime: CleanedImageMime;
  width: number;
  height: number;
  byteSize: number;
  consent: ImageConsent;
  licence: ImageLicence;
  attribution: string;
  uploadedBy: string;
  createdAt: number;
}

/**
 * Compare-and-set of an insert on the uploader's storage budget: refused (`over_budget`, nothing
 * written) when the bytes they uploaded since `since`, with this image, would pass `maxBytes`.
 */
export interface UploadBudget {
  maxBytes: number;
  since: number;
}

/** The image storage port (rows; the bytes live in a `BlobStore`). */
export interface ImageRepository {
  /**
   * Inserts the image and its audit entry in one transaction; compare-and-set on the page not
   * being archived (`page_archived`: nothing was written).
   */
  insertImage(
    image: StoredImage,
    audit: NewAuditEntry,
    budget?: UploadBudget,
  ): Promise<'inserted' | 'page_archived' | 'over_budget'>;
  /** Bytes of the images `userId` uploaded at or after `since` (epoch ms). */
  bytesUploadedSince(userId: string, since: number): Promise<number>;
  /** Which of `blobKeys` some image row names (the others are orphans). */
  knownBlobKeys(blobKeys: readonly string[]): Promise<Set<string>>;
  findImage(id: string): Promise<StoredImage | null>;
  /** Which of `ids` name images of this page. */
  imagesOfPage(pageId: string, ids: readonly string[]): Promise<Set<string>>;
  /** Whether the revision holds the image (recorded with it: `RevisionExtras.images`). */
  revisionHoldsImage(revisionId: string, imageId: string): Promise<boolean>;
}

/**
 * Bytes by server-generated key: a folder for SQLite deployments, a shared volume or an
 * S3-compatible bucket when several instances share PostgreSQL. `put` is durable when it resolves
 * and all or nothing (a reader never sees half an image).
 */
export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /**
   * The bytes as a stream of chunks (read as they are sent, never whole into memory), or null when
   * there is no such blob. A consumer that stops early must `return()` the iterator (for await and
   * stream pipelines do), so the file is closed.
   */
  open(key: string): Promise<AsyncIterable<Uint8Array> | null>;
  /** Every blob with when it was last written (epoch ms), for sweeping orphans. */
  list(): Promise<{ key: string; modifiedAt: number }[]>;
  /** Removes the blob; nothing when it is not there. */
  delete(key: string): Promise<void>;
}

export type CleanedImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** An upload re-encoded from its pixels alone: no metadata (EXIF, GPS, XMP, ICC, comments) survives. */
export interface CleanedImage {
  bytes: Uint8Array;
  mime: CleanedImageMime;
  width: number;
  height: number;
  sha256: string;
}

/**
 * Checks an upload's type by content and re-encodes it (CPU-bound on untrusted bytes, so an adapter
 * runs it off the event loop, a few at a time). Rejects with `unsupported_media_type` for anything
 * that is not a raster image it accepts, `too_large` past its pixel bounds, `validation_failed` for
 * an image that does not decode, `rate_limited` when too many wait.
 */
export interface ImageProcessor {
  clean(bytes: Uint8Array): Promise<CleanedImage>;
}
