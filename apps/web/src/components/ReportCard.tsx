import '../styles/professionalism.css';
import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { PROFESSIONALISM_LIMITS, REPORT_REASON_LABELS, type ResolveAction } from '@rounds/shared';
import { errorMessage } from '../api.ts';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';
import { resolveReport, type ReportView } from '../professionalism/professionalismApi.ts';
import { ErrorNote } from './ErrorNote.tsx';

const OUTCOME: Record<ResolveAction, string> = {
  hide: 'Comment hidden',
  dismiss: 'Dismissed',
  resolved: 'Resolved',
};

/** A report: what it is about, why, by whom; for moderators the decision (reason + action). */
export function ReportCard({
  report,
  moderate,
  onResolved,
}: {
  report: ReportView;
  /** Show the moderation form (open reports in the faculty queue). */
  moderate: boolean;
  onResolved?: (report: ReportView, action: ResolveAction) => void;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonId = useId();
  const { target } = report;

  const act = (action: ResolveAction) => {
    if (!reason.trim()) {
      setError('Give a reason for your decision.');
      return;
    }
    setBusy(true);
    setError(null);
    resolveReport(report.id, action, reason.trim()).then(
      () => {
        setBusy(false);
        onResolved?.(report, action);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'Could not resolve the report.'));
      },
    );
  };

  return (
    <article className="card report-card" aria-label={`Report: ${REPORT_REASON_LABELS[report.reason]}`}>
      <p className="report-card__meta">
        <span className="badge report-card__reason">{REPORT_REASON_LABELS[report.reason]}</span>{' '}
        {report.targetType === 'comment' ? 'A comment on ' : 'A passage of '}
        {target.pageTitle === null ? (
          'a page you cannot open'
        ) : (
          <Link to={`/pages/${encodeURIComponent(target.pageId)}`}>{target.pageTitle}</Link>
        )}
        {' · '}
        <time dateTime={report.createdAt} title={formatDateTime(report.createdAt)}>
          {formatRelativeTime(report.createdAt)}
        </time>
        {moderate || report.state === 'resolved' ? ` · reported by ${report.reporter.name}` : ''}
      </p>
      {target.commentExcerpt !== undefined && target.commentExcerpt !== null && (
        <blockquote className="report-card__excerpt">
          {target.commentExcerpt}
          {target.commentHidden ? <span className="muted"> (hidden)</span> : null}
        </blockquote>
      )}
      {target.quote && <blockquote className="report-card__excerpt">{target.quote}</blockquote>}
      {report.note && (
        <p className="report-card__note">
          <strong>Note:</strong> {report.note}
        </p>
      )}
      {report.resolution && (
        <p className="report-card__outcome" data-testid="report-outcome">
          <strong>{OUTCOME[report.resolution.action]}</strong> by {report.resolution.by.name}:{' '}
          {report.resolution.reason}
        </p>
      )}
      {report.state === 'open' && !moderate && <p className="muted">Waiting for faculty.</p>}
      {report.canPurge && report.targetType === 'page' && (
        <p>
          <Link to={`/pages/${encodeURIComponent(target.pageId)}#purge`}>Purge from history…</Link>
        </p>
      )}
      {moderate && report.state === 'open' && (
        <div className="report-card__decide">
          <div className="field">
            <label htmlFor={reasonId}>Reason for your decision</label>
            <input
              id={reasonId}
              type="text"
              maxLength={PROFESSIONALISM_LIMITS.resolutionReasonMax}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <div className="form-actions">
            {report.targetType === 'comment' && (
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => act('hide')}
              >
                Hide comment
              </button>
            )}
            {report.targetType === 'page' && (
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => act('resolved')}
              >
                Mark resolved
              </button>
            )}
            <button type="button" className="button" disabled={busy} onClick={() => act('dismiss')}>
              Dismiss
            </button>
          </div>
        </div>
      )}
      <ErrorNote message={error} />
    </article>
  );
}
