import type { AwarenessOwner } from './awarenessGuard.ts';

/** How long an awareness client id stays its last user's after their connection ended. */
const RESERVED_MS = 10 * 60_000;
const MAX_RESERVATIONS = 50_000;

/** Stands for "held for someone else": never the connection asking. */
export const RESERVED_OWNER: AwarenessOwner = {
  clientIds: new Set<number>(),
  presence: { id: '', name: '', color: '' },
};

/**
 * Keeps an awareness client id for the user who last spoke for it, for a while after their
 * connection ended (a network blip, a reload after someone's bad update): the id is visible in
 * every struct they wrote, and otherwise another user could claim it first and silently take
 * their presence away. Shared by all documents, so it survives a document's reload.
 */
export class AwarenessReservations {
  private readonly held = new Map<string, { userId: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  reserve(pageId: string, clientId: number, userId: string): void {
    const key = `${pageId}|${clientId}`;
    this.held.delete(key);
    if (this.held.size >= MAX_RESERVATIONS) {
      // Oldest first (a Map keeps insertion order): drop the oldest tenth.
      let drop = MAX_RESERVATIONS / 10;
      for (const key of this.held.keys()) {
        if (drop-- <= 0) break;
        this.held.delete(key);
      }
    }
    this.held.set(key, { userId, until: this.now() + RESERVED_MS });
  }

  /** Whether `clientId` is held on that page for a user other than `userId`. */
  heldForOther(pageId: string, clientId: number, userId: string): boolean {
    const key = `${pageId}|${clientId}`;
    const r = this.held.get(key);
    if (!r) return false;
    if (r.until <= this.now()) {
      this.held.delete(key);
      return false;
    }
    return r.userId !== userId;
  }
}
