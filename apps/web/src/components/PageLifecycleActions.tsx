import { useEffect, useState } from 'react';
import type { PageView } from '@rounds/shared';
import { errorMessage } from '../api.ts';
import { listCollections, type CollectionView } from '../collections/collectionApi.ts';
import { archivePage, movePageToCollection, unarchivePage } from '../pages/pageLifecycleApi.ts';
import { usePageScreen } from '../pages/PageScreenContext.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { PurgeTextAction } from './PurgeTextAction.tsx';
import { useConfirmedAction } from './useConfirmedAction.ts';

/** Archive (with a confirmation) for faculty and admins, and the collection picker for admins. */
export function PageLifecycleActions({ page }: { page: PageView }) {
  const { reload } = usePageScreen();
  const {
    confirming,
    setConfirming,
    busy,
    error,
    run: archive,
  } = useConfirmedAction(() => archivePage(page.id), 'Could not archive the page.', reload);

  if (!page.abilities.archive && !page.abilities.moveToCollection) return null;

  return (
    <div className="page-actions">
      {page.abilities.moveToCollection && <CollectionPicker page={page} />}
      <PurgeTextAction page={page} />
      {page.abilities.archive && !page.archived && !confirming && (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => setConfirming(true)}
        >
          Archive
        </button>
      )}
      {confirming && (
        <div className="page-actions__confirm" role="group" aria-labelledby="archive-confirm-text">
          <p id="archive-confirm-text">
            Archive this page? It leaves the page list, search, the review queue and the learner view, and
            becomes read-only. Its history stays, and you can restore it.
          </p>
          <button
            type="button"
            className="button button--danger button--small"
            onClick={archive}
            disabled={busy}
          >
            {busy ? 'Archiving…' : 'Archive page'}
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => setConfirming(false)}
            disabled={busy}
          >
            Cancel
          </button>
        </div>
      )}
      <ErrorNote message={error} />
    </div>
  );
}

/** "This page is archived" with Restore for faculty and admins. */
export function ArchivedBanner({ page }: { page: PageView }) {
  const { reload } = usePageScreen();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!page.archived) return null;
  const restore = () => {
    setBusy(true);
    setError(null);
    unarchivePage(page.id).then(
      () => {
        setBusy(false);
        reload();
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'Could not restore the page.'));
      },
    );
  };
  return (
    <div className="archived-banner" role="status">
      <p>
        <strong>Archived.</strong> This page is hidden from lists, search, the review queue and learners, and
        is read-only. Its history and reviews are kept.
      </p>
      {page.abilities.archive && (
        <button
          type="button"
          className="button button--primary button--small"
          onClick={restore}
          disabled={busy}
        >
          {busy ? 'Restoring…' : 'Restore'}
        </button>
      )}
      <ErrorNote message={error} />
    </div>
  );
}

function CollectionPicker({ page }: { page: PageView }) {
  const [collections, setCollections] = useState<CollectionView[] | null>(null);
  const [value, setValue] = useState(page.collectionId ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setValue(page.collectionId ?? ''), [page.collectionId]);
  useEffect(() => {
    const controller = new AbortController();
    listCollections(controller.signal).then(setCollections, (err: unknown) => {
      if (!controller.signal.aborted) setError(errorMessage(err, 'Could not load collections.'));
    });
    return () => controller.abort();
  }, []);

  const onChange = (next: string) => {
    const previous = value;
    setValue(next);
    setBusy(true);
    setError(null);
    movePageToCollection(page.id, next || null).then(
      () => setBusy(false),
      (err: unknown) => {
        setBusy(false);
        setValue(previous);
        setError(errorMessage(err, 'Could not move the page.'));
      },
    );
  };

  return (
    <div className="page-actions__collection">
      <label htmlFor="page-collection">Collection</label>
      <select
        id="page-collection"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={busy || collections === null}
      >
        <option value="">No collection</option>
        {collections?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <ErrorNote message={error} />
    </div>
  );
}
