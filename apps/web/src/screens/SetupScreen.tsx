import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { LIMITS } from '@rounds/shared';
import type { UserView } from '@rounds/shared';
import { api, ApiError } from '../api.ts';
import { useSession } from '../auth/SessionContext.tsx';
import { AuthCard } from '../components/AuthCard.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { TextField } from '../components/TextField.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';

/**
 * `/setup?token=`: creates the first administrator from the one-time link the server printed. Asks
 * `GET /api/setup` first, so a link that was already used says so at once, before any form.
 */
export function SetupScreen() {
  const [needed, setNeeded] = useState<boolean | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api<{ needed: boolean }>('/api/setup', { signal: controller.signal }).then(
      (res) => setNeeded(res.needed),
      // Unknown (server unreachable): show the form, which reports its own errors.
      () => {
        if (!controller.signal.aborted) setNeeded(true);
      },
    );
    return () => controller.abort();
  }, []);

  if (needed === null) {
    return (
      <AuthCard title="Set up Rounds">
        <LoadingNote label="Checking the setup link…" />
      </AuthCard>
    );
  }
  if (!needed) return <SetupLinkUsed />;
  return <SetupForm />;
}

function SetupLinkUsed() {
  return (
    <AuthCard title="Link already used">
      <p className="error-note" role="alert">
        This setup link was already used — sign in.
      </p>
      <p className="auth__links">
        <Link to="/login">Go to sign in</Link>
      </p>
    </AuthCard>
  );
}

function SetupForm() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password.length < LIMITS.passwordMin) {
      setError(`The password needs at least ${LIMITS.passwordMin} characters.`);
      return;
    }
    setBusy(true);
    setError(null);
    api<{ user: UserView }>('/api/setup', { method: 'POST', body: { token, name, email, password } }).then(
      ({ user }) => {
        signedIn(user);
        void navigate('/', { replace: true });
      },
      (err: unknown) => {
        setBusy(false);
        setError(setupErrorMessage(err));
      },
    );
  };

  return (
    <AuthCard title="Set up Rounds" subtitle="Create the first administrator account.">
      {!token && (
        <ErrorNote message="This setup link has no token. Use the full link printed by the server." />
      )}
      <form className="form" onSubmit={onSubmit}>
        <TextField
          id="setup-name"
          label="Name"
          autoComplete="name"
          value={name}
          maxLength={LIMITS.nameMax}
          onChange={setName}
          required
          autoFocus
        />
        <TextField
          id="setup-email"
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          maxLength={LIMITS.emailMax}
          onChange={setEmail}
          required
        />
        <TextField
          id="setup-password"
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          minLength={LIMITS.passwordMin}
          maxLength={LIMITS.passwordMax}
          hint={`At least ${LIMITS.passwordMin} characters.`}
          onChange={setPassword}
          required
        />
        <ErrorNote message={error} />
        <button type="submit" className="button button--primary button--wide" disabled={busy || !token}>
          {busy ? 'Creating…' : 'Create administrator'}
        </button>
      </form>
    </AuthCard>
  );
}

function setupErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403 || err.status === 401)
      return 'This setup link is invalid or has already been used.';
    if (err.status === 409) return 'Rounds is already set up. Sign in instead.';
    if (err.status === 429) return 'Too many attempts, try again later';
    return err.message;
  }
  return 'Setup failed. Please try again.';
}
