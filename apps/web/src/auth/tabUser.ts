const KEY = 'rounds.tabUser';

/**
 * The person last signed in in this tab, kept in sessionStorage (per tab, survives a reload) until
 * they press "Sign out". When their session ends any other way (expiry, another tab, an admin),
 * it still names them, so the sign-in screen knows whose `next=` page it is holding.
 */
export function rememberTabUser(userId: string): void {
  try {
    sessionStorage.setItem(KEY, userId);
  } catch {
    // Storage may be unavailable (privacy mode): then `next=` is honoured for everyone, still local only.
  }
}

export function forgetTabUser(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // See rememberTabUser.
  }
}

export function tabUser(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/**
 * Where to go after signing in. The `next=` path (already checked by `safeNext`) belongs to the
 * person last signed in in this tab; anyone else lands on `/` instead of that person's page.
 */
export function nextForPerson(next: string, signedInUserId: string, previousUserId: string | null): string {
  return previousUserId === null || previousUserId === signedInUserId ? next : '/';
}
