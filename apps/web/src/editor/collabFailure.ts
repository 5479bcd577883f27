import { CollabCloseCode } from '@rounds/shared';

/** A permanent refusal by the collaboration server; the provider stops reconnecting. */
export type CollabFailure = 'unauthenticated' | 'forbidden' | 'not_found' | 'too_large' | 'bad_message';

/** The refusal a close code of the collaboration endpoint stands for, or null for transient closes. */
export function failureForCloseCode(code: number): CollabFailure | null {
  switch (code) {
    case CollabCloseCode.Unauthenticated:
      return 'unauthenticated';
    case CollabCloseCode.Forbidden:
      return 'forbidden';
    case CollabCloseCode.NotFound:
      return 'not_found';
    case CollabCloseCode.DocumentTooLarge:
      return 'too_large';
    case CollabCloseCode.BadMessage:
      return 'bad_message';
    case CollabCloseCode.PageRewritten:
      // Not a refusal: the session discards its copy and reopens (see useCollabSession).
      return null;
    default:
      // 4400–4499 are permanent by convention; treat unknown ones as a refusal.
      return code >= 4400 && code < 4500 ? 'forbidden' : null;
  }
}

/** What to tell the user for each refusal. */
export const FAILURE_MESSAGES: Record<CollabFailure, string> = {
  unauthenticated: 'You were signed out — sign in again to keep editing.',
  forbidden: 'You can no longer edit this page.',
  not_found: 'Page not found',
  too_large:
    'This page has reached its size limit, so your latest changes could not be saved. Split it into smaller pages.',
  bad_message: 'The editor lost step with the server. Reload the page to continue.',
};
