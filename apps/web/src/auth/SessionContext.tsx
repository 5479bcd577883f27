import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { UserView } from '@rounds/shared';
import { api, onSessionLost } from '../api.ts';
import { clearLocalDrafts } from '../editor/clearLocalDrafts.ts';
import { dropKeptDrafts } from '../editor/keptDrafts.ts';
import { forgetTabUser, rememberTabUser, tabUser } from './tabUser.ts';
import { announceSession, listenToSession } from './sessionChannel.ts';

/**
 * `ended`: this tab knew who was signed in, and the session ended without them choosing to sign out
 * here (signed out in another tab, expired, disabled, password changed). The screen stays, with a
 * note and a link to sign in again; unsent edits are kept.
 */
type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: UserView }
  | { status: 'ended'; user: UserView };

interface SessionValue {
  session: SessionState;
  /** Counts sign-ins in this tab: an open editor reconnects when it changes. */
  sessionEpoch: number;
  /** Record the user returned by sign-in or setup. */
  signedIn: (user: UserView) => void;
  /**
   * The server answered as if signed out (a 401, a socket closed with 4401). Asks `/api/me`: the
   * same person on a newer session resumes; otherwise the session is `ended` (screens stay).
   */
  signedOut: () => void;
  /** Sign out here (and so in every tab of this browser); clears the offline drafts. */
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** A session found alive again after a 4401 is trusted once per this interval. */
const RESUME_GUARD_MS = 10_000;

/** Loads `/api/me` once and shares the signed-in user with every screen. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const [sessionEpoch, setSessionEpoch] = useState(0);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  useEffect(() => {
    const controller = new AbortController();
    api<UserView>('/api/me', { signal: controller.signal }).then(
      (user) => {
        rememberTabUser(user.id);
        setSession({ status: 'signed-in', user });
      },
      () => {
        // A 401 or an unreachable server both land on the sign-in screen, which reports its own errors.
        if (!controller.signal.aborted) setSession({ status: 'signed-out' });
      },
    );
    return () => controller.abort();
  }, []);

  const adopt = useCallback((user: UserView) => {
    const previous = tabUser();
    // Someone else is signing in: whatever the previous person left in this tab's memory goes.
    if (previous !== null && previous !== user.id) dropKeptDrafts();
    rememberTabUser(user.id);
    setSession({ status: 'signed-in', user });
    setSessionEpoch((n) => n + 1);
  }, []);

  const signedIn = useCallback(
    (user: UserView) => {
      adopt(user);
      announceSession({ type: 'signed-in', user });
    },
    [adopt],
  );

  const markEnded = useCallback(() => {
    const current = sessionRef.current;
    if (current.status === 'signed-in') {
      // Offline drafts are kept (their cache names carry this person's id, so nobody else opens
      // them); the tab still remembers whose they are, for `next=` after the next sign-in.
      setSession({ status: 'ended', user: current.user });
    } else if (current.status === 'loading') {
      setSession({ status: 'signed-out' });
    }
  }, []);

  const checking = useRef(false);
  const lastResumed = useRef(0);
  const signedOut = useCallback(() => {
    if (checking.current || sessionRef.current.status === 'ended') return;
    // Resumed a moment ago and refused again: the session is over whatever /api/me says (no loop).
    if (Date.now() - lastResumed.current < RESUME_GUARD_MS) {
      markEnded();
      return;
    }
    checking.current = true;
    // A 4401 may only mean this session was replaced: the same person signed in again in another
    // tab, and the browser's cookie already holds the new session. Ask before saying "signed out".
    api<UserView>('/api/me').then(
      (user) => {
        checking.current = false;
        const known = sessionRef.current;
        const knownId = known.status === 'signed-in' || known.status === 'ended' ? known.user.id : null;
        if (knownId !== null && knownId !== user.id) {
          window.location.assign('/');
          return;
        }
        lastResumed.current = Date.now();
        adopt(user); // reopens the editors (new epoch) on the new session
      },
      () => {
        checking.current = false;
        markEnded();
      },
    );
  }, [adopt, markEnded]);

  const signOut = useCallback(async () => {
    try {
      await api<void>('/api/auth/logout', { method: 'POST' });
    } finally {
      // Drafts cached for offline editing may hold clinical content: never leave them on a shared computer.
      dropKeptDrafts();
      await clearLocalDrafts();
      forgetTabUser();
      announceSession({ type: 'signed-out' });
      setSession({ status: 'signed-out' });
    }
  }, []);

  useEffect(() => {
    onSessionLost(signedOut);
    return () => onSessionLost(null);
  }, [signedOut]);

  useEffect(
    () =>
      listenToSession((message) => {
        const current = sessionRef.current;
        if (message.type === 'signed-out') {
          // Tabs share the cookie: a sign-out anywhere in this browser ends this tab's session too.
          markEnded();
          return;
        }
        const knownId =
          current.status === 'signed-in' || current.status === 'ended' ? current.user.id : tabUser();
        if (knownId !== null && knownId !== message.user.id) {
          // Another person now holds this browser's cookie: start over from home, keeping nothing
          // of the previous person in this tab's memory.
          window.location.assign('/');
          return;
        }
        if (current.status !== 'signed-in') adopt(message.user);
      }),
    [adopt, markEnded],
  );

  const value = useMemo(
    () => ({ session, sessionEpoch, signedIn, signedOut, signOut }),
    [session, sessionEpoch, signedIn, signedOut, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session shared by `SessionProvider`. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
}

/** The signed-in user (or the one whose session just ended); only for screens behind `RequireAuth`. */
export function useCurrentUser(): UserView {
  const { session } = useSession();
  if (session.status !== 'signed-in' && session.status !== 'ended') {
    throw new Error('useCurrentUser needs a signed-in session');
  }
  return session.user;
}
