import { restoreRevision } from '../review/reviewApi.ts';
import type { RevisionView } from '../review/reviewTypes.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { useConfirmedAction } from './useConfirmedAction.ts';

interface RestoreRevisionProps {
  revision: RevisionView;
  onRestored: (revision: RevisionView) => void;
}

/** "Restore as draft", with a confirmation: the live draft everyone edits is replaced. */
export function RestoreRevision({ revision, onRestored }: RestoreRevisionProps) {
  const {
    confirming,
    setConfirming,
    busy,
    error,
    run: restore,
  } = useConfirmedAction(
    () => restoreRevision(revision.id),
    'Could not restore this revision.',
    () => onRestored(revision),
  );

  if (!confirming) {
    return (
      <button type="button" className="button button--small" onClick={() => setConfirming(true)}>
        Restore as draft
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={`Restore revision ${revision.seq}`}>
      <p className="confirm__text">
        Replace the live draft with revision {revision.seq}? Everyone editing the page sees the change arrive;
        earlier drafts stay in the history.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary button--small"
          onClick={restore}
          disabled={busy}
        >
          {busy ? 'Restoring…' : `Restore revision ${revision.seq}`}
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => setConfirming(false)}
          disabled={busy}
        >
          Cancel
        </button>
      </div>
      <ErrorNote message={error} />
    </div>
  );
}
