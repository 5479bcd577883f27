import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { PURGE_LIMITS, type PurgeTextResponse } from '@rounds/shared';
import { errorMessage } from '../api.ts';
import { purgeText } from '../pages/purgeApi.ts';
import { ErrorNote } from './ErrorNote.tsx';
import '../styles/purge.css';

interface PurgeTextDialogProps {
  pageId: string;
  open: boolean;
  onClose: () => void;
  /** Called after a purge succeeded, with what it rewrote. */
  onPurged?: (result: PurgeTextResponse) => void;
  /** Prefills the text (e.g. the excerpt of a "patient information" report). */
  initialText?: string;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * "Purge text from history…": an admin removes a text (patient information) from every revision,
 * the draft and the update log of a page. A modal dialog (Esc closes it) asking for the exact
 * text, a reason for the audit log and an explicit confirmation, since it cannot be undone.
 */
export function PurgeTextDialog({ pageId, open, onClose, onPurged, initialText = '' }: PurgeTextDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [text, setText] = useState(initialText);
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<PurgeTextResponse | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setText(initialText);
      setReason('');
      setConfirmed(false);
      setError(null);
      setDone(null);
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open, initialText]);

  const trimmed = text.trim();
  const reasonOk = reason.trim().length >= PURGE_LIMITS.reasonMin;
  const ready =
    trimmed.length > 0 && trimmed.length <= PURGE_LIMITS.textMax && reasonOk && confirmed && !busy;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    purgeText(pageId, trimmed, reason.trim()).then(
      (result) => {
        setBusy(false);
        setDone(result);
        setText('');
        onPurged?.(result);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'The text could not be purged. Nothing was changed.'));
      },
    );
  };

  return (
    <dialog
      ref={ref}
      className="purge-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={done ? undefined : `${id}-warning`}
      onClose={onClose}
    >
      <form onSubmit={submit} className="purge-dialog__form">
        <h2 id={`${id}-title`}>Purge text from history</h2>
        {done ? (
          <>
            <p role="status" className="purge-dialog__done">
              Removed. {plural(done.revisionsPurged, 'revision was', 'revisions were')} rewritten and{' '}
              {plural(done.updatesRewritten, 'stored edit was', 'stored edits were')} dropped. Everyone
              editing the page was reloaded. The audit log records your reason.
            </p>
            <div className="purge-dialog__buttons">
              <button type="button" className="button" onClick={onClose}>
                Close
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="purge-dialog__warning" id={`${id}-warning`}>
              Every occurrence of the text is removed from the draft, every revision (published ones too) and
              the stored edit history, and replaced by “[removed]”. Revisions keep their sign-offs and are
              marked purged. This cannot be undone, and people editing the page lose edits made in the last
              moments before it. Comments on the page lose their place in the text.
            </p>
            <div className="field">
              <label htmlFor={`${id}-text`}>Text to remove</label>
              <textarea
                id={`${id}-text`}
                value={text}
                rows={2}
                maxLength={PURGE_LIMITS.textMax}
                aria-describedby={`${id}-text-hint`}
                onChange={(e) => setText(e.target.value)}
                required
              />
              <p className="field__hint" id={`${id}-text-hint`}>
                Exactly as it appears (case matters), e.g. a patient’s name or record number.
              </p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-reason`}>Reason</label>
              <textarea
                id={`${id}-reason`}
                value={reason}
                rows={2}
                maxLength={PURGE_LIMITS.reasonMax}
                aria-describedby={`${id}-reason-hint`}
                onChange={(e) => setReason(e.target.value)}
                required
              />
              <p className="field__hint" id={`${id}-reason-hint`}>
                Kept in the audit log (at least {PURGE_LIMITS.reasonMin} characters). Do not repeat the text
                itself.
              </p>
            </div>
            <label className="purge-dialog__confirm">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />I
              understand this rewrites the page’s whole history and cannot be undone.
            </label>
            <ErrorNote message={error} />
            <div className="purge-dialog__buttons">
              <button type="submit" className="button button--danger" disabled={!ready}>
                {busy ? 'Purging…' : 'Purge text'}
              </button>
              <button type="button" className="button button--ghost" onClick={onClose} disabled={busy}>
                Cancel
              </button>
            </div>
          </>
        )}
      </form>
    </dialog>
  );
}
