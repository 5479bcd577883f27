import { DomainError, type DomainErrorCode } from '@rounds/domain';
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../logger.ts';

const STATUS: Record<DomainErrorCode | 'internal', number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  revision_superseded: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unknown_reference: 422,
  unknown_image: 422,
  image_alt_missing: 422,
  phi_detected: 422,
  lookup_unavailable: 503,
  lookup_failed: 502,
  link_used: 410,
  link_expired: 410,
  link_invalid: 410,
  guidelines_not_acknowledged: 403,
  internal: 500,
};

type ErrorCode = keyof typeof STATUS;

/** An HTTP-only error (media type), carried like a domain error. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the request-reading layers (body-parser, raw-body, zlib, the router's param decoding,
 * express.static) throw for a bad request: an http-errors style error with a 4xx status.
 */
interface ClientRequestError {
  status: number;
  type?: unknown;
  code?: unknown;
}

const isClientRequestError = (err: unknown): err is ClientRequestError => {
  if (typeof err !== 'object' || err === null) return false;
  const status = (err as { status?: unknown; statusCode?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
};

/** The answer for a request the client got wrong; the library's own message is never echoed. */
function describeClientError(err: ClientRequestError): [ErrorCode, string] | 'client_gone' {
  const type = typeof err.type === 'string' ? err.type : '';
  if (type === 'request.aborted') return 'client_gone';
  if (type === 'entity.too.large' || err.status === 413) return ['too_large', 'Request body is too large'];
  if (type === 'charset.unsupported' || type === 'encoding.unsupported' || err.status === 415) {
    return ['unsupported_media_type', 'Unsupported body encoding'];
  }
  if (type === 'entity.parse.failed') return ['validation_failed', 'Request body is not valid JSON'];
  if (err instanceof URIError) return ['validation_failed', 'The request path is not valid percent-encoding'];
  // zlib's Z_DATA_ERROR / Z_BUF_ERROR: a compressed body that does not decompress.
  if (typeof err.code === 'string' && err.code.startsWith('Z_')) {
    return ['validation_failed', 'Request body could not be decompressed'];
  }
  return ['validation_failed', 'Malformed request'];
}

/** The one place errors become HTTP responses. Unknown errors never leak internals. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const requestId = res.locals.requestId as string | undefined;
    const reply = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}): void => {
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
    if (isClientRequestError(err)) {
      const answer = describeClientError(err);
      // A client mistake is not a server fault: a debug line for tracing, never an error.
      logger.debug({ requestId, status: err.status, type: err.type, code: err.code }, 'bad request');
      if (answer === 'client_gone') {
        // Nobody is listening; answering would only write to a closed socket.
        if (!res.headersSent) res.status(400).end();
        return;
      }
      return reply(answer[0], answer[1]);
    }
    logger.error({ err, requestId, method: req.method, path: req.path }, 'unhandled error');
    reply('internal', 'Something went wrong', { requestId });
  };
}
