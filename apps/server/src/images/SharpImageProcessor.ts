import { createHash } from 'node:crypto';
import { DomainError, type CleanedImage, type CleanedImageMime, type ImageProcessor } from '@rounds/domain';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { WorkQueue } from './WorkQueue.ts';

export interface ImageProcessingLimits {
  /** Most pixels (width × height) an upload may decode to; more is refused before decoding. */
  maxInputPixels: number;
  /** Longest side of the stored image; larger images are scaled down to it. */
  maxOutputSide: number;
  /** Re-encodes running at once (process-wide), and waiting; past both: 429. */
  running: number;
  waiting: number;
  /** A re-encode taking longer is abandoned. */
  timeoutSeconds: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageProcessingLimits = {
  maxInputPixels: 50_000_000,
  maxOutputSide: 4096,
  running: 2,
  waiting: 8,
  timeoutSeconds: 20,
};

/** What file-type detects → what sharp must agree it is → what is stored. */
const ACCEPTED: Record<string, { sharpFormat: string; output: CleanedImageMime }> = {
  'image/jpeg': { sharpFormat: 'jpeg', output: 'image/jpeg' },
  'image/png': { sharpFormat: 'png', output: 'image/png' },
  'image/webp': { sharpFormat: 'webp', output: 'image/webp' },
  // An animated GIF keeps its first frame, stored as PNG (lossless; no animation to review).
  'image/gif': { sharpFormat: 'gif', output: 'image/png' },
  'image/avif': { sharpFormat: 'heif', output: 'image/webp' },
};

const unsupported = (): DomainError =>
  new DomainError(
    'unsupported_media_type',
    'The file is not a JPEG, PNG, WebP, GIF or AVIF image (by its content; SVG is never accepted)',
  );

const unreadable = (): DomainError =>
  new DomainError('validation_failed', 'The image could not be read: it is damaged or incomplete');

/**
 * Types an upload by its bytes (file-type; the name and declared type are never believed), then
 * re-encodes its pixels with sharp (libvips, off the event loop): EXIF orientation applied first,
 * then everything else dropped — EXIF (camera serials, GPS), XMP, IPTC, comments, ICC profiles
 * (converted to sRGB). A polyglot keeps nothing but pixels. Bounded: pixel count read from the
 * header before decoding (decompression bombs), sequential reads, a timeout, two at a time.
 */
export class SharpImageProcessor implements ImageProcessor {
  private readonly queue: WorkQueue;

  constructor(private readonly limits: ImageProcessingLimits = DEFAULT_IMAGE_LIMITS) {
    this.queue = new WorkQueue(limits.running, limits.waiting);
    // One libvips thread per re-encode (the queue runs two), and no cache of decoded untrusted
    // images kept between uploads: bounded CPU and memory on a small server.
    sharp.concurrency(1);
    sharp.cache(false);
  }

  async clean(bytes: Uint8Array): Promise<CleanedImage> {
    const detected = await fileTypeFromBuffer(bytes);
    const accepted = detected ? ACCEPTED[detected.mime] : undefined;
    if (!accepted) throw unsupported();
    return this.queue.run(() => this.reencode(bytes, accepted.sharpFormat, accepted.output));
  }

  private async reencode(bytes: Uint8Array, format: string, output: CleanedImageMime): Promise<CleanedImage> {
    const { maxInputPixels, maxOutputSide, timeoutSeconds } = this.limits;
    const input = (): sharp.Sharp =>
      sharp(bytes, { limitInputPixels: maxInputPixels, sequentialRead: true, failOn: 'warning', pages: 1 });
    let meta: sharp.Metadata;
    try {
      // The header only (nothing is decoded), read without the pixel limit so a refusal can say why.
      meta = await sharp(bytes, { limitInputPixels: false, failOn: 'warning', pages: 1 }).metadata();
    } catch {
      throw unreadable();
    }
    if (meta.format !== format) throw unsupported();
    const { width = 0, height = 0 } = meta;
    if (width * height > maxInputPixels) {
      throw new DomainError(
        'too_large',
        `The image is ${width}×${height} pixels; at most ${Math.round(maxInputPixels / 1e6)} megapixels are accepted`,
      );
    }
    let pipeline = input()
      .rotate()
      .resize({ width: maxOutputSide, height: maxOutputSide, fit: 'inside', withoutEnlargement: true });
    if (output === 'image/jpeg') pipeline = pipeline.jpeg({ quality: 85 });
    else if (output === 'image/png') pipeline = pipeline.png({ compressionLevel: 6 });
    else pipeline = pipeline.webp({ quality: 85 });
    try {
      const { data, info } = await pipeline
        .timeout({ seconds: timeoutSeconds })
        .toBuffer({ resolveWithObject: true });
      return {
        bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        mime: output,
        width: info.width,
        height: info.height,
        sha256: createHash('sha256').update(data).digest('hex'),
      };
    } catch (err: unknown) {
      const message = err instanceof Error ? err.message : '';
      if (/pixel limit/i.test(message)) {
        throw new DomainError('too_large', 'The image has too many pixels to be accepted');
      }
      if (/timeout/i.test(message)) throw new DomainError('too_large', 'The image took too long to process');
      throw unreadable();
    }
  }
}
