import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../api.ts';
import { reviewRevision } from '../review/reviewApi.ts';
import type { ReviewDecision, ReviewOutcome, RevisionView } from '../review/reviewTypes.ts';
import { ErrorNote } from './ErrorNote.tsx';

const COMMENT_MAX = 5000;

interface ReviewDecisionFormProps {
  revision: RevisionView;
  pageTitle: string;
  /** Four-eyes: co-authors see why they cannot sign off instead of the buttons. */
  coAuthored: boolean;
  onReviewed: (outcome: ReviewOutcome, decision: ReviewDecision) => void;
  /**
   * Why approving must wait (e.g. the changes are not on screen yet): a reviewer signs only what
   * they could see. Requesting changes stays possible.
   */
  approveBlocked?: string | null;
  /** The revision can no longer be decided (superseded, or decided by someone else meanwhile). */
  onGone?: (message: string) => void;
}

const SUPERSEDED_MESSAGE = 'A newer revision of this page was submitted; this one is superseded';

/** What to tell the reviewer when the server says this revision is no longer open, else null. */
function goneMessage(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  if (err.code === 'revision_superseded') return SUPERSEDED_MESSAGE;
  const state = err.details.state;
  return err.code === 'conflict' && typeof state === 'string' && state !== 'pending' ? err.message : null;
}

/** A comment box with "Approve" and "Request changes", bound to the content hash on screen. */
export function ReviewDecisionForm({
  revision,
  pageTitle,
  coAuthored,
  onReviewed,
  approveBlocked = null,
  onGone,
}: ReviewDecisionFormProps) {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<ReviewDecision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commentId = useId();
  const hintId = useId();
  const blockedId = useId();

  if (coAuthored) {
    return (
      <p className="review-form__blocked" role="note">
        You co-authored this revision, so you cannot sign it off: another reviewer must (four-eyes rule).
      </p>
    );
  }

  const decide = (decision: ReviewDecision) => {
    if (decision === 'request_changes' && !comment.trim()) {
      setError('Say what needs to change, so the authors know what to do.');
      return;
    }
    setBusy(decision);
    setError(null);
    reviewRevision(revision.id, decision, comment.trim(), revision.contentHash).then(
      (outcome) => {
        setBusy(null);
        onReviewed(outcome, decision);
      },
      (err: unknown) => {
        setBusy(null);
        const gone = goneMessage(err);
        if (gone !== null && onGone) onGone(gone);
        else setError(gone ?? errorMessage(err, 'Could not record the review.'));
      },
    );
  };

  return (
    <div className="review-form" role="group" aria-label={`Review ${pageTitle}, revision ${revision.seq}`}>
      <div className="field">
        <label htmlFor={commentId}>Comment</label>
        <textarea
          id={commentId}
          rows={3}
          maxLength={COMMENT_MAX}
          value={comment}
          aria-describedby={hintId}
          onChange={(e) => setComment(e.target.value)}
        />
        <p id={hintId} className="field__hint">
          Optional when approving, required to request changes. The authors see it on the page.
        </p>
      </div>
      <ErrorNote message={error} />
      {approveBlocked && (
        <p id={blockedId} className="field__hint" role="status">
          {approveBlocked}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy !== null || approveBlocked !== null}
          aria-describedby={approveBlocked ? blockedId : undefined}
          onClick={() => decide('approve')}
        >
          {busy === 'approve' ? 'Approving…' : 'Approve'}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => decide('request_changes')}
        >
          {busy === 'request_changes' ? 'Sending…' : 'Request changes'}
        </button>
      </div>
    </div>
  );
}
