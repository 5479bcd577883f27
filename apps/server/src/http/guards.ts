import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';
import { DomainError } from '@rounds/domain';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * State changes must be JSON: a cross-site form can post urlencoded or multipart bodies without a
 * CORS preflight, but never application/json. Body-less requests (logout) carry no type at all.
 */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const type = req.headers['content-type'];
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (type === undefined && !hasBody) return next();
  if (!req.is('application/json')) {
    return next(new HttpError('unsupported_media_type', 'Send state-changing requests as application/json'));
  }
  next();
};

/** Whether an Origin header names this server (by Host header) or an allowed origin. */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Refuses state-changing requests whose Origin names another site (cookies travel cross-site). */
export function originCheck(allowed: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, allowed)) {
      return next(new DomainError('forbidden', 'Cross-origin request refused'));
    }
    next();
  };
}
