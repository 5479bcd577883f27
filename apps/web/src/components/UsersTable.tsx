import { useState } from 'react';
import type { Role } from '@rounds/shared';
import { api } from '../api.ts';
import { ROLE_OPTIONS } from '../adminUsers.ts';
import type { AdminUser } from '../adminUsers.ts';
import { useCurrentUser } from '../auth/SessionContext.tsx';
import { ROLE_LABELS } from '../roles.ts';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';
import { ErrorNote } from './ErrorNote.tsx';

interface UsersTableProps {
  users: AdminUser[];
  onUpdated: (user: AdminUser) => void;
}

/** Users with an inline role selector; a change is saved at once. */
export function UsersTable({ users, onUpdated }: UsersTableProps) {
  const me = useCurrentUser();
  const [savingId, setSavingId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const changeRole = (user: AdminUser, role: Role) => {
    setSavingId(user.id);
    setError(null);
    api<AdminUser>(`/api/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body: { role } }).then(
      (updated) => {
        setSavingId(null);
        onUpdated({ ...user, ...updated });
      },
      (err: unknown) => {
        setSavingId(null);
        setError(
          `Could not change the role of ${user.name}: ${err instanceof Error ? err.message : 'unknown error'}`,
        );
      },
    );
  };

  return (
    <>
      <ErrorNote message={error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
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
                    onChange={(e) => changeRole(user, e.target.value as Role)}
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
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
