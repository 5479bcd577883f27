import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, errorMessage } from '../api.ts';
import { submitRevision } from '../review/reviewApi.ts';
import type { SubmittedRevision } from '../review/reviewTypes.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { PhiFindings } from '../components/PhiFindings.tsx';
import type { ConnectionTracker } from './ConnectionTracker.ts';
import type { LiveFinding } from './PhiHighlights.ts';
import { PhiGuardPanel, phiBlocksSubmit, type PhiOverride } from './PhiGuardPanel.tsx';
import { waitForConfirmed } from './waitForConfirmed.ts';

const MESSAGE_MAX = 1000;
const SYNC_WAIT_MS = 5000;

interface SubmitForReviewProps {
  pageId: string;
  tracker: ConnectionTracker;
  onSubmitted: (revision: SubmittedRevision) => void;
  /** Likely patient identifiers in the live draft (red underlines). */
  liveFindings?: LiveFinding[];
  /** Faculty and admins may submit despite them, with a justification. */
  canOverride?: boolean;
}

interface Failure {
  message: string;
  findings?: unknown;
}

/** "Submit for review": a short note for the reviewers, then a snapshot of the live draft. */
export function SubmitForReview({
  pageId,
  tracker,
  onSubmitted,
  liveFindings = [],
  canOverride = false,
}: SubmitForReviewProps) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const messageId = useId();
  const [override, setOverride] = useState<PhiOverride>({ acknowledged: false, justification: '' });
  const blocked = phiBlocksSubmit(liveFindings, canOverride, override);

  const submit = async () => {
    // The server snapshots what it has stored: make sure the last keystrokes got there first.
    if (!(await waitForConfirmed(tracker, SYNC_WAIT_MS))) {
      throw new ApiError(
        0,
        'not_synced',
        'Your latest changes have not reached the server yet. Check your connection and try again.',
      );
    }
    const acknowledgement =
      canOverride && override.acknowledged
        ? { acknowledgePhi: true as const, justification: override.justification.trim() }
        : undefined;
    return submitRevision(pageId, message.trim(), acknowledgement);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    submit().then(
      (revision) => {
        setBusy(false);
        setOpen(false);
        setMessage('');
        setDone(`Submitted as revision ${revision.seq}. Faculty reviewers will see it in their queue.`);
        onSubmitted(revision);
      },
      (err: unknown) => {
        setBusy(false);
        setFailure({
          message: errorMessage(err, 'Could not submit the page for review.'),
          findings: err instanceof ApiError ? err.details.findings : undefined,
        });
      },
    );
  };

  return (
    <>
      {!open && (
        <button
          type="button"
          className="button button--primary review-bar__submit"
          onClick={() => {
            setOpen(true);
            setDone(null);
            setFailure(null);
          }}
        >
          Submit for review
        </button>
      )}
      {done && (
        <p className="success-note review-bar__wide" role="status">
          {done}
        </p>
      )}
      {open && (
        <form className="submit-review review-bar__wide" onSubmit={onSubmit} aria-label="Submit for review">
          <div className="field">
            <label htmlFor={messageId}>What changed? (for the reviewers)</label>
            <textarea
              id={messageId}
              rows={3}
              maxLength={MESSAGE_MAX}
              value={message}
              placeholder="e.g. Added the CURB-65 criteria and the amoxicillin dose"
              onChange={(e) => setMessage(e.target.value)}
              autoFocus
            />
            <p className="field__hint">
              A snapshot of the draft as it is now goes to faculty. You can keep editing afterwards.
            </p>
          </div>
          {failure && (
            <>
              <ErrorNote message={failure.message} />
              <PhiFindings findings={failure.findings} />
            </>
          )}
          <PhiGuardPanel
            liveFindings={liveFindings}
            serverFindings={failure?.findings}
            canOverride={canOverride}
            override={override}
            onOverrideChange={setOverride}
            reasonId={`${messageId}-phi`}
          />
          <div className="form-actions">
            <button
              type="submit"
              className="button button--primary"
              disabled={busy || blocked}
              aria-describedby={blocked ? `${messageId}-phi` : undefined}
            >
              {busy ? 'Submitting…' : 'Submit'}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </>
  );
}
