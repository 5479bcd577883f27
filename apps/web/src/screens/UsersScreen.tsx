import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.ts';
import type { AdminUser } from '../adminUsers.ts';
import { CreateUserForm } from '../components/CreateUserForm.tsx';
import { UsersTable } from '../components/UsersTable.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';

type UsersState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; users: AdminUser[] };

/** `/admin/users`: everyone with an account, their roles, and new accounts. */
export function UsersScreen() {
  const [state, setState] = useState<UsersState>({ status: 'loading' });

  const load = useCallback((signal?: AbortSignal) => {
    api<{ users: AdminUser[] }>('/api/users', { signal }).then(
      ({ users }) => setState({ status: 'ready', users }),
      (err: unknown) => {
        if (signal?.aborted) return;
        setState({ status: 'error', message: err instanceof Error ? err.message : 'Could not load users.' });
      },
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const replaceUser = (updated: AdminUser) =>
    setState((prev) =>
      prev.status === 'ready'
        ? { status: 'ready', users: prev.users.map((u) => (u.id === updated.id ? { ...u, ...updated } : u)) }
        : prev,
    );

  return (
    <div className="page-width page-width--wide">
      <div className="screen-header">
        <h1>Users</h1>
        <p className="screen-header__lead">
          Students write drafts, faculty review and sign off, learners read published pages, admins manage
          Rounds.
        </p>
      </div>
      <CreateUserForm onCreated={() => load()} />
      {state.status === 'loading' && <LoadingNote label="Loading users…" />}
      {state.status === 'error' && <ErrorNote message={state.message} />}
      {state.status === 'ready' && <UsersTable users={state.users} onUpdated={replaceUser} />}
    </div>
  );
}
