import type { AwarenessOwner } from './awarenessGuard.ts';

/**
 * One client of a document as the collaboration core sees it: transport-free, so the core can be
 * driven by a WebSocket, a test harness or (later) a relay from another instance.
 */
export interface Peer extends AwarenessOwner {
  readonly userId: string;
  /** Read-only peers get the document but their updates are dropped. */
  readonly readOnly: boolean;
  /**
   * False from the moment the session this peer was authorized with ends (sign-out, expiry,
   * disabling, role or password change): its updates are dropped from then on, before applying.
   */
  readonly mayWrite: boolean;
  readonly isOpen: boolean;
  send(message: Uint8Array): void;
  /**
   * Resolves when a sync answer of `bytes`, whose encoding cost `work` (structs visited), fits this
   * peer's budgets (at once unless abused).
   */
  paceAnswer(bytes: number, work: number): Promise<void>;
  close(code: number, reason: string): void;
}
