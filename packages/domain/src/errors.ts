/** Stable error codes; apps/server maps each to an HTTP status in one place. */
export type DomainErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** 409: a decision on a revision that a newer one of its page replaced. */
  | 'revision_superseded'
  | 'too_large'
  | 'rate_limited'
  /** 422: a draft cites a reference the page does not have. */
  | 'unknown_reference'
  /** 422: a draft shows an image that is not an image of its page. */
  | 'unknown_image'
  /** 422: a draft shows an image without alt text. */
  | 'image_alt_missing'
  /** 415: an upload that is not an image Rounds accepts (by content). */
  | 'unsupported_media_type'
  /** 422: a draft holds likely patient identifiers (findings masked; faculty may acknowledge). */
  | 'phi_detected'
  /** 503: online reference lookup is switched off. */
  | 'lookup_unavailable'
  /** 502: the lookup service failed, refused or answered nonsense. */
  | 'lookup_failed'
  /** 410: a reset link that was already used. */
  | 'link_used'
  /** 410: a reset link past its expiry. */
  | 'link_expired'
  /** 410: a reset link that does not exist, was replaced, or whose account is disabled. */
  | 'link_invalid'
  /** 403: the guidelines are enforced and this person has not acknowledged the current version. */
  | 'guidelines_not_acknowledged';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: DomainErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string): DomainError => new DomainError('not_found', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this'): DomainError =>
  new DomainError('forbidden', message);
export const unauthenticated = (message = 'Sign in required'): DomainError =>
  new DomainError('unauthenticated', message);
