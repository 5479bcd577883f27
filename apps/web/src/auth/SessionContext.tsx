import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { UserView } from '@rounds/shared';
import { api } from '../api.ts';
import { clearLocalDrafts } from '../editor/clearLocalDrafts.ts';

type SessionState =
  { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; user: UserView };

interface SessionValue {
  session: SessionState;
  /** Record the user returned by sign-in or setup. */
  signedIn: (user: UserView) => void;
  /** Forget the user locally, e.g. after the server answered 401. */
  signedOut: () => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Loads `/api/me` once and shares the signed-in user with every screen. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    api<UserView>('/api/me', { signal: controller.signal }).then(
      (user) => setSession({ status: 'signed-in', user }),
      () => {
        // A 401 or an unreachable server both land on the sign-in screen, which reports its own errors.
        if (!controller.signal.aborted) setSession({ status: 'signed-out' });
      },
    );
    return () => controller.abort();
  }, []);

  const signedIn = useCallback((user: UserView) => setSession({ status: 'signed-in', user }), []);
  const signedOut = useCallback(() => {
    // The server ended the session (a 401): cached drafts end with it. `api` already cleared them
    // for HTTP answers; a socket closed with 4401 arrives here.
    void clearLocalDrafts();
    setSession({ status: 'signed-out' });
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api<void>('/api/auth/logout', { method: 'POST' });
    } finally {
      // Drafts cached for offline editing may hold clinical content: never leave them on a shared computer.
      await clearLocalDrafts();
      setSession({ status: 'signed-out' });
    }
  }, []);

  const value = useMemo(
    () => ({ session, signedIn, signedOut, signOut }),
    [session, signedIn, signedOut, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session shared by `SessionProvider`. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
}

/** The signed-in user; only for screens rendered behind `RequireAuth`. */
export function useCurrentUser(): UserView {
  const { session } = useSession();
  if (session.status !== 'signed-in') throw new Error('useCurrentUser needs a signed-in session');
  return session.user;
}
