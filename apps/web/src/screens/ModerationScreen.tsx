import { useCallback, useEffect, useState } from 'react';
import { REPORT_REASON_LABELS, type ResolveAction } from '@rounds/shared';
import { errorMessage } from '../api.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { ReportCard } from '../components/ReportCard.tsx';
import { setOpenReportCount } from '../professionalism/openReportCount.ts';
import { fetchReports, type ReportView } from '../professionalism/professionalismApi.ts';

type ListState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; reports: ReportView[] };

const DONE: Record<ResolveAction, string> = {
  hide: 'Comment hidden',
  dismiss: 'Report dismissed',
  resolved: 'Report resolved',
};

/** `/moderation`: reports of comments and passages, open ones first to decide, resolved ones to look back. */
export function ModerationScreen() {
  const [tab, setTab] = useState<'open' | 'resolved'>('open');
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const [outcome, setOutcome] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      fetchReports(tab, signal).then(
        ({ reports }) => {
          setState({ status: 'ready', reports });
          if (tab === 'open') setOpenReportCount(reports.length);
        },
        (err: unknown) => {
          if (!signal?.aborted)
            setState({ status: 'error', message: errorMessage(err, 'Could not load the reports.') });
        },
      ),
    [tab],
  );

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const onResolved = (report: ReportView, action: ResolveAction) => {
    setOutcome(`${DONE[action]}: ${REPORT_REASON_LABELS[report.reason]} on “${report.target.pageTitle}”.`);
    setState((prev) =>
      prev.status === 'ready'
        ? { status: 'ready', reports: prev.reports.filter((r) => r.id !== report.id) }
        : prev,
    );
    void load();
  };

  return (
    <div className="page-width page-width--wide">
      <div className="screen-header">
        <h1>Moderation</h1>
        <p className="screen-header__lead">
          Reports of comments and passages. Hide a comment (faculty still see it, with your reason) or dismiss
          the report; the reporter sees your decision.
        </p>
      </div>
      <div className="moderation__tabs" role="group" aria-label="Show reports">
        {(['open', 'resolved'] as const).map((t) => (
          <button
            key={t}
            type="button"
            className={tab === t ? 'button button--primary button--small' : 'button button--small'}
            aria-pressed={tab === t}
            onClick={() => {
              setOutcome(null);
              setTab(t);
            }}
          >
            {t === 'open' ? 'Open' : 'Resolved'}
          </button>
        ))}
      </div>
      {outcome && (
        <p className="success-note" role="status">
          {outcome}
        </p>
      )}
      {state.status === 'loading' && <LoadingNote label="Loading reports…" />}
      {state.status === 'error' && <ErrorNote message={state.message} />}
      {state.status === 'ready' && state.reports.length === 0 && (
        <p className="note note--empty">{tab === 'open' ? 'No open reports.' : 'No resolved reports yet.'}</p>
      )}
      {state.status === 'ready' && (
        <ul className="report-list">
          {state.reports.map((r) => (
            <li key={r.id}>
              <ReportCard report={r} moderate={tab === 'open'} onResolved={onResolved} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
