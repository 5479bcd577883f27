import { LIMITS } from '@rounds/shared';

/** What is wrong with a new password and its confirmation, checked before asking the server. */
export function newPasswordProblem(password: string, confirmation: string): string | null {
  if (password.length < LIMITS.passwordMin) {
    return `The new password needs at least ${LIMITS.passwordMin} characters.`;
  }
  if (password.length > LIMITS.passwordMax) {
    return `The new password can have at most ${LIMITS.passwordMax} characters.`;
  }
  if (password !== confirmation) return 'The two new passwords do not match.';
  return null;
}
