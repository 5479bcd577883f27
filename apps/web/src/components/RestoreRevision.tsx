import { useState } from 'react';
import { errorMessage } from '../api.ts';
import { restoreRevision } from '../review/reviewApi.ts';
import type { RevisionView } from '../review/reviewTypes.ts';
import { ErrorNote } from './ErrorNote.tsx';

interface RestoreRevisionProps {
  revision: RevisionView;
  onRestored: (revision: RevisionView) => void;
}

/** "Restore as draft", with a confirmation: the live draft everyone edits is replaced. */
export function RestoreRevision({ revision, onRestored }: RestoreRevisionProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const restore = () => {
    setBusy(true);
    setError(null);
    restoreRevision(revision.id).then(
      () => {
        setBusy(false);
        setConfirming(false);
        onRestored(revision);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'Could not restore this revision.'));
      },
    );
  };

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
