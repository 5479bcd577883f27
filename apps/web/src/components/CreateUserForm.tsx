import { useState } from 'react';
import type { FormEvent } from 'react';
import { LIMITS } from '@rounds/shared';
import type { Role } from '@rounds/shared';
import { api, ApiError } from '../api.ts';
import { ROLE_OPTIONS } from '../adminUsers.ts';
import { ROLE_LABELS } from '../roles.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { TextField } from '../components/TextField.tsx';

/** Name, Email, Password and Role of a new account. */
export function CreateUserForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('student');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(null);
    if (password.length < LIMITS.passwordMin) {
      setError(`The password needs at least ${LIMITS.passwordMin} characters.`);
      return;
    }
    setBusy(true);
    setError(null);
    api('/api/users', { method: 'POST', body: { name, email, password, role } }).then(
      () => {
        setBusy(false);
        setDone(`${name} can now sign in as ${ROLE_LABELS[role].toLowerCase()}.`);
        setName('');
        setEmail('');
        setPassword('');
        onCreated();
      },
      (err: unknown) => {
        setBusy(false);
        setError(
          err instanceof ApiError && err.status === 409
            ? 'A user with this email already exists.'
            : err instanceof Error
              ? err.message
              : 'Could not create the user.',
        );
      },
    );
  };

  return (
    <section className="card" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading" className="card__title">
        Add a user
      </h2>
      <form className="grid-form" onSubmit={onSubmit}>
        <TextField
          id="new-user-name"
          label="Name"
          value={name}
          maxLength={LIMITS.nameMax}
          onChange={setName}
          required
        />
        <TextField
          id="new-user-email"
          label="Email"
          type="email"
          autoComplete="off"
          value={email}
          maxLength={LIMITS.emailMax}
          onChange={setEmail}
          required
        />
        <TextField
          id="new-user-password"
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          minLength={LIMITS.passwordMin}
          maxLength={LIMITS.passwordMax}
          placeholder={`${LIMITS.passwordMin}+ characters`}
          onChange={setPassword}
          required
        />
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLE_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {ROLE_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="grid-form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add user'}
          </button>
        </div>
      </form>
      <ErrorNote message={error} />
      {done && (
        <p className="success-note" role="status">
          {done}
        </p>
      )}
    </section>
  );
}
