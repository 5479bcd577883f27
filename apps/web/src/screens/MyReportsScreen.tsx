import { useEffect, useState } from 'react';
import { errorMessage } from '../api.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { ReportCard } from '../components/ReportCard.tsx';
import { fetchMyReports, type ReportView } from '../professionalism/professionalismApi.ts';

type ListState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; reports: ReportView[] };

/** `/reports/mine`: the reports this person filed and what faculty decided. */
export function MyReportsScreen() {
  const [state, setState] = useState<ListState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetchMyReports(controller.signal).then(
      ({ reports }) => setState({ status: 'ready', reports }),
      (err: unknown) => {
        if (!controller.signal.aborted)
          setState({ status: 'error', message: errorMessage(err, 'Could not load your reports.') });
      },
    );
    return () => controller.abort();
  }, []);

  return (
    <div className="page-width">
      <div className="screen-header">
        <h1>Your reports</h1>
        <p className="screen-header__lead">What you reported and what faculty decided.</p>
      </div>
      {state.status === 'loading' && <LoadingNote label="Loading your reports…" />}
      {state.status === 'error' && <ErrorNote message={state.message} />}
      {state.status === 'ready' && state.reports.length === 0 && (
        <p className="note note--empty">You have not reported anything.</p>
      )}
      {state.status === 'ready' && (
        <ul className="report-list">
          {state.reports.map((r) => (
            <li key={r.id}>
              <ReportCard report={r} moderate={false} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
