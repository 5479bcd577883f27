import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api.ts';
import type { AdminUser } from '../adminUsers.ts';
import {
  createCollection,
  listCollections,
  updateCollection,
  type CollectionFields,
  type CollectionView,
} from '../collections/collectionApi.ts';
import { CollectionForm } from '../components/CollectionForm.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; collections: CollectionView[]; users: AdminUser[] };

const fieldsOf = (c: CollectionView): CollectionFields => ({
  name: c.name,
  description: c.description,
  requiredApprovals: c.requiredApprovals,
  reviewValidDays: c.reviewValidDays,
  reviewerIds: c.reviewerIds,
});

/** `/admin/collections`: topic areas, who reviews their pages and how. */
export function CollectionsScreen() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [editing, setEditing] = useState<string | null>(null);

  const load = useCallback((signal?: AbortSignal) => {
    Promise.all([listCollections(signal), api<{ users: AdminUser[] }>('/api/users', { signal })]).then(
      ([collections, { users }]) => setState({ status: 'ready', collections, users }),
      (err: unknown) => {
        if (!signal?.aborted)
          setState({ status: 'error', message: errorMessage(err, 'Could not load collections.') });
      },
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  if (state.status === 'loading') return <LoadingNote label="Loading collections…" />;
  if (state.status === 'error') return <ErrorNote message={state.message} />;

  const faculty = state.users.filter((u) => u.role === 'faculty' && !u.disabled);
  const names = new Map(state.users.map((u) => [u.id, u.name]));

  return (
    <div className="page-width page-width--wide">
      <div className="screen-header">
        <h1>Collections</h1>
        <p className="screen-header__lead">
          Topic areas group pages and decide how they are reviewed: who may sign off, how many approvals
          publish a revision, and how long a sign-off stays valid.
        </p>
      </div>
      <section className="card" aria-labelledby="new-collection-heading">
        <h2 id="new-collection-heading" className="card__title">
          New collection
        </h2>
        <CollectionForm
          faculty={faculty}
          submitLabel="Create collection"
          onSubmit={async (fields) => {
            await createCollection(fields);
            load();
          }}
        />
      </section>
      {state.collections.length === 0 ? (
        <p className="note note--empty">No collections yet.</p>
      ) : (
        <ul className="collection-list" aria-label="Collections">
          {state.collections.map((c) => (
            <li key={c.id} className="card collection-list__item">
              {editing === c.id ? (
                <>
                  <h2 className="card__title">Edit {c.name}</h2>
                  <CollectionForm
                    initial={fieldsOf(c)}
                    faculty={faculty}
                    submitLabel="Save changes"
                    onCancel={() => setEditing(null)}
                    onSubmit={async (fields) => {
                      await updateCollection(c.id, fields);
                      setEditing(null);
                      load();
                    }}
                  />
                </>
              ) : (
                <>
                  <div className="collection-list__head">
                    <h2 className="card__title">{c.name}</h2>
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      aria-label={`Edit ${c.name}`}
                      onClick={() => setEditing(c.id)}
                    >
                      Edit
                    </button>
                  </div>
                  {c.description && <p className="collection-list__description">{c.description}</p>}
                  <dl className="collection-list__facts">
                    <div>
                      <dt>Pages</dt>
                      <dd>{c.pageCount}</dd>
                    </div>
                    <div>
                      <dt>Approvals to publish</dt>
                      <dd>{c.requiredApprovals}</dd>
                    </div>
                    <div>
                      <dt>Sign-off valid</dt>
                      <dd>{c.reviewValidDays} days</dd>
                    </div>
                    <div>
                      <dt>Reviewers</dt>
                      <dd>
                        {c.reviewerIds.length === 0
                          ? 'Any faculty member'
                          : c.reviewerIds.map((r) => names.get(r) ?? 'Former user').join(', ')}
                      </dd>
                    </div>
                  </dl>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
