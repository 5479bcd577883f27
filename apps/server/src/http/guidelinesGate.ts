import type { GuidelinesService, User } from '@rounds/domain';
import type { RequestHandler } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What someone who has not acknowledged may still do: get to the acknowledgement (and out), report. */
const EXEMPT = new Set([
  '/auth/login',
  '/auth/logout',
  '/auth/reset',
  '/auth/reset/check',
  '/setup',
  '/me/acknowledge',
  '/me/password',
  // Reporting a safety concern (patient information seen on a page) must always be possible.
  // Only filing: resolving (`/reports/:id/resolve`) stays behind the gate.
  '/reports',
  // Admin only; an admin who just published a version must be able to correct it.
  '/guidelines',
  '/guidelines/preview',
]);

/**
 * When the guidelines are enforced, state-changing requests of someone who has not acknowledged
 * the current version are refused (403 `guidelines_not_acknowledged`); reading stays allowed.
 * Reads nothing per request once the current version and the person's acknowledgement are cached.
 */
export function guidelinesGate(guidelines: GuidelinesService): RequestHandler {
  return async (req, res, next) => {
    const user = res.locals.user as User | undefined;
    if (!user || SAFE_METHODS.has(req.method) || EXEMPT.has(req.path)) return next();
    await guidelines.requireAcknowledged(user.id);
    next();
  };
}
