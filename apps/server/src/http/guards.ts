import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { HttpError } from './errors.ts';
import { DomainError } from '@rounds/domain';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * State changes must be JSON: a cross-site form can post urlencoded or multipart bodies without a
 * CORS preflight, but never application/json. Body-less requests (logout) carry no type at all.
 */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  if (isImageUpload(req)) return next();
  const type = req.headers['content-type'];
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (type === undefined && !hasBody) return next();
  if (!req.is('application/json')) {
    return next(new HttpError('unsupported_media_type', 'Send state-changing requests as application/json'));
  }
  next();
};

/** The one multipart route: image uploads, parsed and bounded by their route (`imageRoutes.ts`). */
const IMAGE_UPLOAD_PATH = /^\/pages\/[^/]{1,300}\/images\/?$/;

/**
 * An image upload: `POST /pages/:id/images` as multipart/form-data. The Origin check still applies
 * (a cross-site form names its origin), and the SameSite=Lax session cookie is not sent with a
 * cross-site POST at all.
 */
function isImageUpload(req: Request): boolean {
  return (
    req.method === 'POST' &&
    IMAGE_UPLOAD_PATH.test(req.path) &&
    typeof req.is('multipart/form-data') === 'string'
  );
}

/** `scheme://host[:port]` as a browser writes it in `Origin`, or null for anything else ("null"). */
function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

const isLoopback = (address: string): boolean => address === '::1' || address.startsWith('127.');

/**
 * The origins of the socket the request really arrived on: the address and port the server is
 * listening on (with port 0 that is the port it picked), plus the loopback names when that address
 * is loopback. Taken from the connection, not from the Host header, which the client writes.
 */
function listeningOrigins(req: IncomingMessage): string[] {
  const { localAddress, localPort } = req.socket;
  if (!localAddress || !localPort) return [];
  const address =
    localAddress.startsWith('::ffff:') && localAddress.includes('.') ? localAddress.slice(7) : localAddress;
  const hosts = isLoopback(address)
    ? ['localhost', '127.0.0.1', '[::1]']
    : [address.includes(':') ? `[${address}]` : address];
  return hosts.map((host) => normalizeOrigin(`http://${host}:${localPort}`)).filter((o) => o !== null);
}

/**
 * Whether the request's Origin names this server: one of the configured origins (PUBLIC_URL,
 * ALLOWED_ORIGINS, http://HOST:PORT) or the address it is listening on. Never compared with the
 * Host header: under DNS rebinding a hostile page's Origin and Host agree with each other.
 * Requests without an Origin (scripts, curl; browsers always send one cross-site) pass.
 */
export function isAllowedOrigin(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === null) return false;
  return allowed.some((a) => normalizeOrigin(a) === normalized) || listeningOrigins(req).includes(normalized);
}

/** Refuses state-changing requests whose Origin names another site (cookies travel cross-site). */
export function originCheck(allowed: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (!isAllowedOrigin(req, allowed)) {
      return next(new DomainError('forbidden', 'Cross-origin request refused'));
    }
    next();
  };
}
