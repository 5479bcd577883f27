import { Link } from 'react-router-dom';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { LIMITS } from '@rounds/shared';
import { api, ApiError } from '../api.ts';
import { useCurrentUser } from '../auth/SessionContext.tsx';
import { newPasswordProblem } from '../auth/passwordRules.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { NewPasswordFields } from '../components/NewPasswordFields.tsx';
import { TextField } from '../components/TextField.tsx';
import { ROLE_LABELS } from '../roles.ts';

/** `/account`: who you are, and changing your own password. */
export function AccountScreen() {
  const user = useCurrentUser();
  return (
    <div className="page-width">
      <div className="screen-header">
        <h1>Your account</h1>
        <p className="screen-header__lead">
          {user.name} · {user.email} · {ROLE_LABELS[user.role]}
        </p>
      </div>
      <ChangePasswordForm />
      <p className="account-links">
        <Link to="/reports/mine">Your reports and their outcomes</Link>
      </p>
    </div>
  );
}

function ChangePasswordForm() {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(false);
    const problem = current ? newPasswordProblem(password, confirmation) : 'Enter your current password.';
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    api<void>('/api/me/password', {
      method: 'POST',
      body: { currentPassword: current, newPassword: password },
    }).then(
      () => {
        setBusy(false);
        setDone(true);
        setCurrent('');
        setPassword('');
        setConfirmation('');
      },
      (err: unknown) => {
        setBusy(false);
        setError(changeErrorMessage(err));
      },
    );
  };

  return (
    <section className="panel account-panel" aria-labelledby="change-password-title">
      <h2 id="change-password-title">Change password</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          id="account-current"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          required
        />
        <NewPasswordFields
          idPrefix="account"
          password={password}
          confirmation={confirmation}
          onPasswordChange={setPassword}
          onConfirmationChange={setConfirmation}
        />
        <ErrorNote message={error} />
        {done && (
          <p className="note note--calm" role="status">
            Password changed. You stay signed in here; your other sessions were signed out.
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}

function changeErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'The current password is not correct. Nothing was changed.';
    if (err.status === 400) return `The new password needs at least ${LIMITS.passwordMin} characters.`;
    if (err.status === 429) return 'Too many attempts, try again later';
    return err.message;
  }
  return 'Could not change the password. Please try again.';
}
