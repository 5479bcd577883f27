import { DomainError, notFound, type StoredImage } from '@rounds/domain';
import { isImageId } from '@rounds/editor';
import { IMAGE_LIMITS, ImageAttestation, type UploadedImageView } from '@rounds/shared';
import type { Request, Response } from 'express';
import { Router } from 'express';
import { pipeline } from 'node:stream/promises';
import multer from 'multer';
import { z } from 'zod';
import { WorkQueue } from '../../images/WorkQueue.ts';
import type { HttpContext } from '../context.ts';
import { currentUser } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });

/** Room for the multipart framing and the few small fields around the file. */
const FRAMING_BYTES = 64 * 1024;

const tooLarge = (): DomainError =>
  new DomainError('too_large', `An image may be at most ${IMAGE_LIMITS.fileMax / (1024 * 1024)} MiB`);

/** One file field `file` in memory, at most 10 MiB; a few small text fields; nothing else. */
const parseUpload = multer({
  storage: multer.memoryStorage(),
  limits: {
    fileSize: IMAGE_LIMITS.fileMax,
    files: 1,
    fields: 4,
    fieldNameSize: 64,
    fieldSize: IMAGE_LIMITS.attributionMax * 4 + 64,
    parts: 6,
    headerPairs: 20,
  },
}).single('file');

/** Runs multer, answering its and busboy's refusals in our words (never their messages). */
function readMultipart(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    parseUpload(req, res, (err?: unknown) => {
      if (err === undefined) return resolve();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return reject(tooLarge());
        if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT')
          return reject(new DomainError('validation_failed', 'Send exactly one file, in the field "file"'));
        return reject(new DomainError('validation_failed', 'Too many or too large form fields'));
      }
      reject(new DomainError('validation_failed', 'The upload is not a readable multipart/form-data body'));
    });
  });
}

const view = (image: StoredImage): UploadedImageView => ({
  id: image.id,
  url: `/api/images/${image.id}`,
  width: image.width,
  height: image.height,
  sha256: image.sha256,
});

/**
 * Image reads streaming at once (process-wide), and waiting; past both: 429. Each holds one 64 KiB
 * chunk at a time (the file is streamed, never read whole), so this bounds open files and buffers.
 */
const READS_RUNNING = 32;
const READS_WAITING = 128;

/** Uploading images to a page (multipart: the one exception to JSON) and reading them back. */
export function imageRoutes(ctx: HttpContext): Router {
  const router = Router();
  const reads = new WorkQueue(READS_RUNNING, READS_WAITING);

  router.post('/pages/:id/images', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    if (typeof req.is('multipart/form-data') !== 'string')
      throw new DomainError('unsupported_media_type', 'Send the image as multipart/form-data (field "file")');
    if (Number(req.headers['content-length'] ?? 0) > IMAGE_LIMITS.fileMax + FRAMING_BYTES) throw tooLarge();
    // Who may upload here is settled before a byte of the body is read.
    await ctx.images.authorizeUpload(actor, id);
    await readMultipart(req, res);
    const attestation = ImageAttestation.parse({ ...(req.body as Record<string, unknown>) });
    if (!req.file) throw new DomainError('validation_failed', 'Attach the image in the field "file"');
    const image = await ctx.images.upload(actor, id, req.file.buffer, attestation);
    ctx.logger.info(
      { actorId: actor.id, pageId: id, imageId: image.id, bytes: image.byteSize },
      'image uploaded',
    );
    res.status(201).json(view(image));
  });

  router.get('/images/:id', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    if (!isImageId(id)) throw notFound('Image');
    await reads.run(() => sendImage(actor, id, req, res));
  });

  async function sendImage(actor: ReturnType<typeof currentUser>, id: string, req: Request, res: Response) {
    const { image, bytes } = await ctx.images.read(actor, id);
    const etag = `"${image.sha256}"`;
    // Authorized on every use: the browser keeps it privately and revalidates (304 by ETag).
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('ETag', etag);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Content-Disposition', 'inline');
    if (req.headers['if-none-match'] === etag) {
      // Not read: the iterator is closed so the file is.
      await bytes[Symbol.asyncIterator]().return?.();
      res.status(304).end();
      return;
    }
    res.type(image.mime).setHeader('Content-Length', String(image.byteSize));
    try {
      await pipeline(bytes, res);
    } catch (err: unknown) {
      // The reader went away (or the disk failed mid-file): the headers are sent, nothing to answer.
      if (!res.headersSent) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        ctx.logger.warn({ err, imageId: image.id }, 'image read failed');
      res.destroy();
    }
  }

  return router;
}
