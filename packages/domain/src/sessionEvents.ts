import type { Role } from './model.ts';
import type { SessionRepository } from './ports.ts';

/** Why sessions ended; the collaboration server picks each socket's close code from it. */
export type SessionEndReason =
  /** The person signed out (that session). */
  | 'signed_out'
  /** The person signed in again in the same browser: the session it carried was replaced. */
  | 'replaced'
  /** Idle or absolute timeout. */
  | 'expired'
  /** The person changed their password (every other session of theirs). */
  | 'password_changed'
  /** The password was set through a reset link (every session). */
  | 'password_reset'
  /** An admin disabled the account (every session). */
  | 'disabled'
  /** An admin changed the role (every session); `role` is the new one. */
  | 'role_changed';

/** Which of the user's sessions ended. */
export type EndedSessions =
  { kind: 'only'; ids: readonly string[] } | { kind: 'all' } | { kind: 'allExcept'; keep: string };

export interface SessionsEnded {
  userId: string;
  sessions: EndedSessions;
  reason: SessionEndReason;
  /** With `role_changed`: the role the person has now. */
  role?: Role;
}

/** Whether `sessionId` (of `userId`) is among the sessions an event ended. */
export function endsSession(event: SessionsEnded, userId: string, sessionId: string): boolean {
  if (event.userId !== userId) return false;
  const { sessions } = event;
  if (sessions.kind === 'all') return true;
  if (sessions.kind === 'allExcept') return sessions.keep !== sessionId;
  return sessions.ids.includes(sessionId);
}

export type SessionsEndedListener = (event: SessionsEnded) => void;

/**
 * The one seam for session endings: every use case that ends sessions (sign-out, expiry, disabling,
 * role and password changes, resets) goes through here, so a listener (the collaboration server,
 * closing sockets) learns of each. Listeners are called synchronously, right after the sessions are
 * deleted, and must not throw (a throwing listener is isolated from the others).
 */
export class SessionEndings {
  private readonly listeners = new Set<SessionsEndedListener>();

  constructor(
    private readonly sessions: SessionRepository,
    private readonly onListenerError: (err: unknown) => void = () => {},
  ) {}

  subscribe(listener: SessionsEndedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Deletes the sessions the event names, then announces it. */
  async end(event: SessionsEnded): Promise<void> {
    const { sessions } = event;
    if (sessions.kind === 'all') await this.sessions.deleteSessionsOfUser(event.userId);
    else if (sessions.kind === 'allExcept')
      await this.sessions.deleteSessionsOfUser(event.userId, sessions.keep);
    else for (const id of sessions.ids) await this.sessions.deleteSession(id);
    this.announce(event);
  }

  /** Announces sessions a unit of work already deleted (e.g. together with a password change). */
  announce(event: SessionsEnded): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err: unknown) {
        this.onListenerError(err);
      }
    }
  }
}
