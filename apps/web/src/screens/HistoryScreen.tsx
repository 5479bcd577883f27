import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../api.ts';
import { fetchPage } from '../review/reviewApi.ts';
import type { PageDetails, RevisionView } from '../review/reviewTypes.ts';
import { useRevisions } from '../review/useRevisions.ts';
import { CompareVersions } from '../components/CompareVersions.tsx';
import { RevisionCard } from '../components/RevisionCard.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';

/** `/pages/:id/history`: every revision with its reviews, a comparison of any two versions, restore. */
export function HistoryScreen() {
  const { id = '' } = useParams();
  const [page, setPage] = useState<PageDetails | null>(null);
  const [version, setVersion] = useState(0);
  const revisions = useRevisions(id, version);
  const [compare, setCompare] = useState({ from: 'published', to: 'draft' });
  const [restored, setRestored] = useState<number | null>(null);
  const [pageError, setPageError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchPage(id, controller.signal).then(setPage, (err: unknown) => {
      if (!controller.signal.aborted) setPageError(errorMessage(err, 'Could not load the page.'));
    });
    return () => controller.abort();
  }, [id, version]);

  const pagePath = `/pages/${encodeURIComponent(id)}`;
  const onCompare = (revision: RevisionView) => {
    setCompare({ from: 'published', to: revision.id });
    document.getElementById('compare-heading')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  const onRestored = (revision: RevisionView) => {
    setRestored(revision.seq);
    setCompare({ from: 'published', to: 'draft' });
    setVersion((v) => v + 1);
  };

  return (
    <div className="page-width page-width--wide">
      <div className="screen-header">
        <p className="breadcrumb">
          <Link to={pagePath}>← {page?.title ?? 'Back to the page'}</Link>
        </p>
        <h1>History</h1>
        <p className="screen-header__lead">
          Every revision submitted for review, what reviewers said, and how versions differ.
        </p>
      </div>
      <ErrorNote message={pageError} />
      {restored !== null && (
        <p className="success-note history__restored" role="status">
          Revision {restored} is now the live draft. <Link to={pagePath}>Open the editor</Link>
        </p>
      )}
      {revisions.status === 'loading' && <LoadingNote label="Loading history…" />}
      {revisions.status === 'error' && <ErrorNote message={revisions.message} />}
      {revisions.status === 'ready' && (
        <div className="history">
          <CompareVersions
            key={version}
            pageId={id}
            revisions={revisions.data.revisions}
            from={compare.from}
            to={compare.to}
            onChange={(from, to) => setCompare({ from, to })}
          />
          <section aria-labelledby="revisions-heading">
            <h2 id="revisions-heading" className="section-title">
              Revisions
            </h2>
            {revisions.data.revisions.length === 0 ? (
              <p className="note note--empty">
                Nothing has been submitted for review yet. Use “Submit for review” in the editor.
              </p>
            ) : (
              <ol className="revisions" aria-label="Revisions">
                {revisions.data.revisions.map((revision) => (
                  <RevisionCard
                    key={revision.id}
                    revision={revision}
                    people={revisions.data.people}
                    isPublished={revision.id === page?.publishedRevisionId}
                    onCompare={onCompare}
                    onRestored={onRestored}
                  />
                ))}
              </ol>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
