import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import type { PageDetails } from '../review/reviewTypes.ts';
import { PageHeader } from './PageHeader.tsx';
import { LoadingNote } from './LoadingNote.tsx';
import { ErrorNote } from './ErrorNote.tsx';

type ContentState =
  { status: 'loading' } | { status: 'ready'; html: string } | { status: 'error'; message: string };

/**
 * `/pages/:id` of an archived page for people who read drafts: read-only (the collaboration
 * server refuses to open an archived draft), the last draft as it stood, the banner with Restore.
 */
export function ArchivedPage({ page }: { page: PageDetails }) {
  const [content, setContent] = useState<ContentState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    const path = `/api/pages/${encodeURIComponent(page.id)}/content?version=draft&format=html`;
    api<string>(path, { as: 'text', signal: controller.signal }).then(
      (html) => setContent({ status: 'ready', html }),
      (err: unknown) => {
        if (!controller.signal.aborted)
          setContent({ status: 'error', message: errorMessage(err, 'Could not load the page.') });
      },
    );
    return () => controller.abort();
  }, [page.id]);

  return (
    <div className="page-screen page-screen--archived">
      <PageHeader page={page} />
      <p className="archived-page__links">
        <Link to={`/pages/${encodeURIComponent(page.id)}/history`}>History</Link>
      </p>
      {content.status === 'loading' && <LoadingNote label="Loading page…" />}
      {content.status === 'error' && <ErrorNote message={content.message} />}
      {content.status === 'ready' && isBlank(content.html) && (
        <p className="note note--empty">Nothing was written on this page before it was archived.</p>
      )}
      {content.status === 'ready' && !isBlank(content.html) && (
        // The server renders and sanitizes this HTML (allow-listed tags, safe links only).
        <article className="prose prose--published" dangerouslySetInnerHTML={{ __html: content.html }} />
      )}
    </div>
  );
}

/** Whether rendered HTML shows no text (an empty draft renders as an empty paragraph). */
function isBlank(html: string): boolean {
  return !new DOMParser().parseFromString(html, 'text/html').body.textContent?.trim();
}
