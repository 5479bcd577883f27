import { useState } from 'react';
import type { ResetLinkView, Role } from '@rounds/shared';
import { api } from '../api.ts';
import { ROLE_OPTIONS } from '../adminUsers.ts';
import type { AdminUser } from '../adminUsers.ts';
import { useCurrentUser } from '../auth/SessionContext.tsx';
import { ROLE_LABELS } from '../roles.ts';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { ResetLinkNote } from './ResetLinkNote.tsx';
import type { IssuedResetLink } from './ResetLinkNote.tsx';

interface UsersTableProps {
  users: AdminUser[];
  onUpdated: (user: AdminUser) => void;
}

/** Users with an inline role selector and access toggle; a change is saved at once. */
export function UsersTable({ users, onUpdated }: UsersTableProps) {
  const me = useCurrentUser();
  const [savingId, setSavingId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [resetLink, setResetLink] = useState<IssuedResetLink | null>(null);

  const update = (user: AdminUser, patch: { role?: Role; disabled?: boolean }, what: string) => {
    setSavingId(user.id);
    setError(null);
    api<AdminUser>(`/api/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body: patch }).then(
      (updated) => {
        setSavingId(null);
        onUpdated({ ...user, ...updated });
      },
      (err: unknown) => {
        setSavingId(null);
        setError(`Could not ${what} ${user.name}: ${err instanceof Error ? err.message : 'unknown error'}`);
      },
    );
  };

  const issueResetLink = (user: AdminUser) => {
    setSavingId(user.id);
    setError(null);
    setResetLink(null);
    api<ResetLinkView>(`/api/users/${encodeURIComponent(user.id)}/reset-link`, {
      method: 'POST',
    }).then(
      ({ url, expiresAt }) => {
        setSavingId(null);
        setResetLink({ userName: user.name, url, expiresAt });
      },
      (err: unknown) => {
        setSavingId(null);
        setError(
          `Could not issue a reset link for ${user.name}: ${err instanceof Error ? err.message : 'unknown error'}`,
        );
      },
    );
  };

  return (
    <>
      <ErrorNote message={error} />
      {resetLink && <ResetLinkNote link={resetLink} onDismiss={() => setResetLink(null)} />}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className={user.disabled ? 'table__row--disabled' : undefined}>
                <td>
                  {user.name}
                  {user.id === me.id && <span className="muted"> (you)</span>}
                  {user.disabled && <span className="badge badge--draft">Disabled</span>}
                </td>
                <td>{user.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${user.name}`}
                    value={user.role}
                    disabled={savingId === user.id || user.id === me.id}
                    title={user.id === me.id ? 'You cannot change your own role' : undefined}
                    onChange={(e) => update(user, { role: e.target.value as Role }, 'change the role of')}
                  >
                    {ROLE_OPTIONS.map((role) => (
                      <option key={role} value={role}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <time dateTime={user.createdAt} title={formatDateTime(user.createdAt)}>
                    {formatRelativeTime(user.createdAt)}
                  </time>
                </td>
                <td className="table__actions">
                  {user.id !== me.id && (
                    <button
                      type="button"
                      className="button button--ghost"
                      disabled={savingId === user.id || user.disabled}
                      title={user.disabled ? 'Enable this account first' : undefined}
                      aria-label={`Reset link for ${user.name}`}
                      onClick={() => issueResetLink(user)}
                    >
                      Reset link
                    </button>
                  )}
                  {user.id !== me.id && (
                    <button
                      type="button"
                      className="button button--ghost"
                      disabled={savingId === user.id}
                      onClick={() =>
                        update(user, { disabled: !user.disabled }, user.disabled ? 'enable' : 'disable')
                      }
                    >
                      {user.disabled ? 'Enable' : 'Disable'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
