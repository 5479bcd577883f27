import { DomainError, type CleanedImage, type CleanedImageMime, type ImageProcessor } from '@rounds/domain';
import { IMAGE_LIMITS } from '@rounds/shared';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { MemoryBudget } from './MemoryBudget.ts';
import { sha256Yielding } from './sha256Yielding.ts';
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
  /** Most bytes a stored image may take (larger: encoded once more as WebP, then refused 413). */
  maxOutputBytes: number;
  /** Estimated decode memory all running re-encodes may hold together (bytes). */
  decodeMemoryBytes: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageProcessingLimits = {
  maxInputPixels: 50_000_000,
  maxOutputSide: 4096,
  running: 2,
  waiting: 8,
  timeoutSeconds: 20,
  maxOutputBytes: IMAGE_LIMITS.fileMax,
  decodeMemoryBytes: 768 * 1024 * 1024,
};

/**
 * What file-type detects → what sharp must agree it is → what is stored, with the most pixels the
 * format may have (`maxPixels`, under the configured limit) and the decode memory it costs per
 * pixel (`bytesPerPixel`, measured: a 7000² AVIF took 0.9 GB). JPEG and PNG decode as a stream
 * (sequential reads, shrink-on-load); WebP, GIF and above all AVIF (libheif, dav1d) decode the
 * whole frame at once, with buffers of their own.
 */
const ACCEPTED: Record<
  string,
  { sharpFormat: string; output: CleanedImageMime; maxPixels: number; bytesPerPixel: number }
> = {
  'image/jpeg': { sharpFormat: 'jpeg', output: 'image/jpeg', maxPixels: Infinity, bytesPerPixel: 4 },
  'image/png': { sharpFormat: 'png', output: 'image/png', maxPixels: Infinity, bytesPerPixel: 4 },
  'image/webp': { sharpFormat: 'webp', output: 'image/webp', maxPixels: 25_000_000, bytesPerPixel: 8 },
  // An animated GIF keeps its first frame, stored as PNG (lossless; no animation to review).
  'image/gif': { sharpFormat: 'gif', output: 'image/png', maxPixels: 25_000_000, bytesPerPixel: 8 },
  'image/avif': { sharpFormat: 'heif', output: 'image/webp', maxPixels: 16_000_000, bytesPerPixel: 20 },
};

const unsupported = (): DomainError =>
  new DomainError(
    'unsupported_media_type',
    'The file is not a JPEG, PNG, WebP, GIF or AVIF image (by its content; SVG is never accepted)',
  );

const unreadable = (): DomainError =>
  new DomainError('validation_failed', 'The image could not be read: it is damaged or incomplete');

const megapixels = (n: number): string => `${Math.round(n / 1e6)} megapixels`;

/**
 * Types an upload by its bytes (file-type; the name and declared type are never believed), then
 * re-encodes its pixels with sharp (libvips, off the event loop): EXIF orientation applied first,
 * then everything else dropped — EXIF (camera serials, GPS), XMP, IPTC, comments, ICC profiles
 * (converted to sRGB). A polyglot keeps nothing but pixels. Bounded: pixel count read from the
 * header before decoding (decompression bombs; lower for formats decoded whole, AVIF most), the
 * decode memory of the running re-encodes together, sequential reads, a timeout, two at a time;
 * and the stored bytes (an upload whose re-encode is larger than the 10 MiB upload cap is encoded
 * once more as WebP, and refused if even that is too large), hashed without holding the loop.
 */
export class SharpImageProcessor implements ImageProcessor {
  private readonly queue: WorkQueue;
  private readonly memory: MemoryBudget;

  constructor(private readonly limits: ImageProcessingLimits = DEFAULT_IMAGE_LIMITS) {
    this.queue = new WorkQueue(limits.running, limits.waiting);
    this.memory = new MemoryBudget(limits.decodeMemoryBytes);
    // One libvips thread per re-encode (the queue runs two), and no cache of decoded untrusted
    // images kept between uploads: bounded CPU and memory on a small server.
    sharp.concurrency(1);
    sharp.cache(false);
  }

  async clean(bytes: Uint8Array): Promise<CleanedImage> {
    const detected = await fileTypeFromBuffer(bytes);
    const accepted = detected ? ACCEPTED[detected.mime] : undefined;
    if (!accepted) throw unsupported();
    return this.queue.run(() => this.reencode(bytes, accepted));
  }

  private async reencode(bytes: Uint8Array, format: (typeof ACCEPTED)[string]): Promise<CleanedImage> {
    const maxPixels = Math.min(this.limits.maxInputPixels, format.maxPixels);
    let meta: sharp.Metadata;
    try {
      // The header only (nothing is decoded), read without the pixel limit so a refusal can say why.
      meta = await sharp(bytes, { limitInputPixels: false, failOn: 'warning', pages: 1 }).metadata();
    } catch {
      throw unreadable();
    }
    if (meta.format !== format.sharpFormat) throw unsupported();
    const { width = 0, height = 0 } = meta;
    if (width * height > maxPixels) {
      throw new DomainError(
        'too_large',
        `The image is ${width}×${height} pixels; at most ${megapixels(maxPixels)} are accepted` +
          (format.maxPixels < this.limits.maxInputPixels
            ? ` for this format (save it as JPEG or PNG for up to ${megapixels(this.limits.maxInputPixels)})`
            : ''),
      );
    }
    const release = await this.memory.acquire(width * height * format.bytesPerPixel);
    try {
      let out = await this.encode(bytes, maxPixels, format.output);
      // A re-encode larger than any upload may be (a PNG whose pixels its filters compressed well,
      // stored otherwise): once more as WebP (lossy, alpha kept), else refused.
      if (out.data.byteLength > this.limits.maxOutputBytes && format.output !== 'image/webp')
        out = await this.encode(bytes, maxPixels, 'image/webp');
      if (out.data.byteLength > this.limits.maxOutputBytes) {
        throw new DomainError(
          'too_large',
          `The image would take more than ${this.limits.maxOutputBytes / (1024 * 1024)} MiB stored; reduce its size or detail`,
        );
      }
      const { data, info, mime } = out;
      return {
        bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        mime,
        width: info.width,
        height: info.height,
        sha256: await sha256Yielding(data),
      };
    } finally {
      release();
    }
  }

  private async encode(
    bytes: Uint8Array,
    maxPixels: number,
    mime: CleanedImageMime,
  ): Promise<{ data: Buffer; info: sharp.OutputInfo; mime: CleanedImageMime }> {
    const { maxOutputSide, timeoutSeconds } = this.limits;
    let pipeline = sharp(bytes, {
      limitInputPixels: maxPixels,
      sequentialRead: true,
      failOn: 'warning',
      pages: 1,
    })
      .rotate()
      .resize({ width: maxOutputSide, height: maxOutputSide, fit: 'inside', withoutEnlargement: true });
    if (mime === 'image/jpeg') pipeline = pipeline.jpeg({ quality: 85 });
    // Adaptive filtering: each row with the PNG filter that suits it (without it, a 92 KB PNG of
    // rows that differ by a constant was stored as 67 MB).
    else if (mime === 'image/png') pipeline = pipeline.png({ compressionLevel: 6, adaptiveFiltering: true });
    else pipeline = pipeline.webp({ quality: 85 });
    try {
      const { data, info } = await pipeline
        .timeout({ seconds: timeoutSeconds })
        .toBuffer({ resolveWithObject: true });
      return { data, info, mime };
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
