import { DomainError, type DomainErrorCode } from '@rounds/domain';
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../logger.ts';

const STATUS: Record<DomainErrorCode | 'unsupported_media_type' | 'internal', number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unknown_reference: 422,
  lookup_unavailable: 503,
  lookup_failed: 502,
  internal: 500,
};

/** An HTTP-only error (media type), carried like a domain error. */
export class HttpError extends Error {
  constructor(
    readonly code: keyof typeof STATUS,
    message: string,
  ) {
    super(message);
  }
}

interface BodyParserError {
  type: string;
  status?: number;
}

const isBodyParserError = (err: unknown): err is BodyParserError =>
  typeof err === 'object' &&
  err !== null &&
  typeof (err as { type?: unknown }).type === 'string' &&
  'status' in err;

/** The one place errors become HTTP responses. Unknown errors never leak internals. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const reply = (code: keyof typeof STATUS, message: string, extra: Record<string, unknown> = {}): void => {
      if (res.headersSent) return;
      res.status(STATUS[code]).json({ error: code, message, ...extra });
    };
    if (err instanceof DomainError) return reply(err.code, err.message, err.details);
    if (err instanceof HttpError) return reply(err.code, err.message);
    if (err instanceof ZodError) {
      const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
      return reply('validation_failed', `Invalid request: ${summary}`, { issues });
    }
    if (isBodyParserError(err)) {
      if (err.type === 'entity.too.large') return reply('too_large', 'Request body is too large');
      if (err.type === 'entity.parse.failed')
        return reply('validation_failed', 'Request body is not valid JSON');
      if (err.type === 'charset.unsupported' || err.type === 'encoding.unsupported') {
        return reply('unsupported_media_type', 'Unsupported body encoding');
      }
      return reply('validation_failed', 'Malformed request body');
    }
    const requestId = res.locals.requestId as string | undefined;
    logger.error({ err, requestId, method: req.method, path: req.path }, 'unhandled error');
    reply('internal', 'Something went wrong', { requestId });
  };
}
