import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import type { UserView } from '@rounds/shared';
import { api, ApiError } from '../api.ts';
import { useSession } from '../auth/SessionContext.tsx';
import { safeNext } from '../auth/safeNext.ts';
import { nextForPerson, tabUser } from '../auth/tabUser.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { AuthCard } from '../components/AuthCard.tsx';
import { TextField } from '../components/TextField.tsx';

/** A note another screen leaves for the sign-in screen (e.g. "Password set — sign in"). */
export interface LoginNotice {
  notice?: string;
  email?: string;
}

/**
 * `/login`: email and password, then back to `?next=` or `/`. `next` must be a local path
 * (`safeNext`), and it is followed only by the person last signed in in this tab (or by anyone
 * when the tab knew nobody, e.g. a fresh tab or after "Sign out"): someone else lands on `/`.
 */
export function LoginScreen() {
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const loginNotice = (useLocation().state ?? {}) as LoginNotice;
  const [email, setEmail] = useState(loginNotice.email ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [setupNeeded, setSetupNeeded] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    api<{ needed: boolean }>('/api/setup', { signal: controller.signal }).then(
      (res) => setSetupNeeded(res.needed),
      () => undefined,
    );
    return () => controller.abort();
  }, []);

  if (session.status === 'signed-in' && !busy) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api<{ user: UserView }>('/api/auth/login', { method: 'POST', body: { email, password } }).then(
      ({ user }) => {
        const target = nextForPerson(next, user.id, tabUser());
        signedIn(user);
        void navigate(target, { replace: true });
      },
      (err: unknown) => {
        setBusy(false);
        setError(loginErrorMessage(err));
      },
    );
  };

  return (
    <AuthCard title="Sign in to Rounds" subtitle="The reviewed medical wiki of your school.">
      {loginNotice.notice && (
        <p className="note note--calm" role="status">
          {loginNotice.notice}
        </p>
      )}
      {setupNeeded && (
        <p className="note">
          Rounds has no accounts yet. Open the one-time setup link printed by the server to create the first
          administrator.
        </p>
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          id="login-email"
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          required
          autoFocus
        />
        <TextField
          id="login-password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          required
        />
        <ErrorNote message={error} />
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}

function loginErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 429) return 'Too many attempts, try again later';
    if (err.status === 401) return 'Email or password is incorrect.';
    if (err.status === 400) return 'Enter your email and password.';
    return err.message;
  }
  return 'Sign-in failed. Please try again.';
}
