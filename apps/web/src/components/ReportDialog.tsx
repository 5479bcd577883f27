import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import {
  PROFESSIONALISM_LIMITS,
  REPORT_REASON_LABELS,
  REPORT_REASONS,
  type ReportReason,
} from '@rounds/shared';
import { errorMessage } from '../api.ts';
import { fileReport, type NewReport } from '../professionalism/professionalismApi.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { Modal } from './Modal.tsx';

interface ReportDialogProps {
  /** What is reported (without reason and note). */
  target: Omit<NewReport, 'reason' | 'note'>;
  /** Shown above the form: "this comment", "this passage: …". */
  subject: string;
  onClose: () => void;
}

/** A small form: why (radio), a note, send. Faculty see the report in the moderation queue. */
export function ReportDialog({ target, subject, onClose }: ReportDialogProps) {
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const noteId = useId();
  const legendId = useId();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!reason) {
      setError('Choose a reason.');
      return;
    }
    setBusy(true);
    setError(null);
    fileReport({ ...target, reason, note: note.trim() }).then(
      () => {
        setBusy(false);
        setSent(true);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'Could not send the report.'));
      },
    );
  };

  if (sent) {
    return (
      <Modal title="Report sent" onClose={onClose}>
        <p role="status" className="success-note">
          Thank you. Faculty will review your report.
        </p>
        <p>
          <Link to="/reports/mine">See your reports and their outcomes</Link>
        </p>
        <div className="form-actions modal__actions">
          <button type="button" className="button button--primary" onClick={onClose} autoFocus>
            Done
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title="Report a concern" onClose={onClose}>
      <p className="modal__lead">{subject}</p>
      <form className="form" onSubmit={onSubmit}>
        <fieldset className="report-reasons" aria-labelledby={legendId}>
          <legend id={legendId}>Reason</legend>
          {REPORT_REASONS.map((r) => (
            <label key={r} className="report-reasons__option">
              <input
                type="radio"
                name="reason"
                value={r}
                checked={reason === r}
                onChange={() => setReason(r)}
              />{' '}
              {REPORT_REASON_LABELS[r]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={noteId}>Note (optional)</label>
          <textarea
            id={noteId}
            rows={3}
            maxLength={PROFESSIONALISM_LIMITS.reportNoteMax}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <p className="field__hint">Do not repeat patient details here; say where the problem is.</p>
        </div>
        <ErrorNote message={error} />
        <div className="form-actions modal__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Send report
          </button>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
