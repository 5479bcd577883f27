import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { ResetCheckView, ResetLinkError } from '@rounds/shared';
import { api, ApiError } from '../api.ts';
import { newPasswordProblem } from '../auth/passwordRules.ts';
import { AuthCard } from '../components/AuthCard.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { NewPasswordFields } from '../components/NewPasswordFields.tsx';
import { formatDateTime } from '../formatRelativeTime.ts';
import type { LoginNotice } from './LoginScreen.tsx';

type LinkProblem = 'used' | 'expired' | 'invalid';

type LinkState =
  | { status: 'checking' }
  | { status: 'unusable'; problem: LinkProblem }
  | { status: 'error'; message: string }
  | { status: 'ready'; email: string; expiresAt: string };

const PROBLEMS: Record<LinkProblem, { title: string; message: string }> = {
  used: { title: 'Link already used', message: 'This link was already used — sign in.' },
  expired: {
    title: 'Link expired',
    message: 'This link has expired — ask an admin for a new one.',
  },
  invalid: {
    title: 'Link not valid',
    message: 'This link is not valid — ask an admin for a new one.',
  },
};

/** `/reset?token=`: the one-time link an admin issued; checked at once, then a new password. */
export function ResetPasswordScreen() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [link, setLink] = useState<LinkState>({ status: 'checking' });
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) {
      setLink({ status: 'unusable', problem: 'invalid' });
      return undefined;
    }
    const controller = new AbortController();
    setLink({ status: 'checking' });
    api<ResetCheckView>('/api/auth/reset/check', {
      method: 'POST',
      body: { token },
      signal: controller.signal,
    }).then(
      ({ email, expiresAt }) => setLink({ status: 'ready', email, expiresAt }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const problem = linkProblem(err);
        setLink(
          problem
            ? { status: 'unusable', problem }
            : { status: 'error', message: 'Could not check this link. Reload the page to try again.' },
        );
      },
    );
    return () => controller.abort();
  }, [token]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (link.status !== 'ready') return;
    const problem = newPasswordProblem(password, confirmation);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    api<void>('/api/auth/reset', { method: 'POST', body: { token, password } }).then(
      () => {
        const state: LoginNotice = { notice: 'Password set — sign in.', email: link.email };
        void navigate('/login', { replace: true, state });
      },
      (err: unknown) => {
        setBusy(false);
        const unusable = linkProblem(err);
        if (unusable) setLink({ status: 'unusable', problem: unusable });
        else
          setError(err instanceof ApiError ? err.message : 'Could not set the password. Please try again.');
      },
    );
  };

  if (link.status === 'checking') {
    return (
      <AuthCard title="Set a new password">
        <LoadingNote label="Checking the link…" />
      </AuthCard>
    );
  }
  if (link.status === 'unusable' || link.status === 'error') {
    const { title, message } =
      link.status === 'unusable'
        ? PROBLEMS[link.problem]
        : { title: 'Something went wrong', message: link.message };
    return (
      <AuthCard title={title}>
        <p className="error-note" role="alert">
          {message}
        </p>
        <p className="auth__links">
          <Link to="/login">Go to sign in</Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Set a new password" subtitle={`For ${link.email}.`}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <NewPasswordFields
          idPrefix="reset"
          password={password}
          confirmation={confirmation}
          onPasswordChange={setPassword}
          onConfirmationChange={setConfirmation}
          autoFocus
        />
        <p className="field__hint">
          This link works once, until <time dateTime={link.expiresAt}>{formatDateTime(link.expiresAt)}</time>.
        </p>
        <ErrorNote message={error} />
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {busy ? 'Saving…' : 'Set password'}
        </button>
      </form>
    </AuthCard>
  );
}

const PROBLEM_FOR_CODE: Record<ResetLinkError, LinkProblem> = {
  link_used: 'used',
  link_expired: 'expired',
  link_invalid: 'invalid',
};

/** A refused link: 410 `link_used` / `link_expired` / `link_invalid`; 400 when the token is malformed. */
function linkProblem(err: unknown): LinkProblem | null {
  if (!(err instanceof ApiError)) return null;
  if (err.status === 410) return PROBLEM_FOR_CODE[err.code as ResetLinkError] ?? 'invalid';
  if (err.status === 400 || err.status === 404) return 'invalid';
  return null;
}
