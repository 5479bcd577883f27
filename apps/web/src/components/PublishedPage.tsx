import { useEffect, useRef, useState } from 'react';
import { api, isApiStatus } from '../api.ts';
import type { PageDetails } from '../review/reviewTypes.ts';
import { PageHeader } from './PageHeader.tsx';
import { LoadingNote } from './LoadingNote.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { UnpublishedNote } from './UnpublishedNote.tsx';
import { ReviewedBy } from './ReviewedBy.tsx';
import { PassageReport } from './PassageReport.tsx';

type ContentState =
  | { status: 'loading' }
  | { status: 'published'; html: string }
  | { status: 'unpublished' }
  | { status: 'error'; message: string };

/** `/pages/:id` for learners: the signed-off revision only, never the draft. */
export function PublishedPage({ page }: { page: PageDetails }) {
  const [content, setContent] = useState<ContentState>({ status: 'loading' });
  const article = useRef<HTMLElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    const path = `/api/pages/${encodeURIComponent(page.id)}/content?version=published&format=html`;
    api<string>(path, { as: 'text', signal: controller.signal }).then(
      (html) => setContent({ status: 'published', html }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiStatus(err, 404)) setContent({ status: 'unpublished' });
        else
          setContent({
            status: 'error',
            message: err instanceof Error ? err.message : 'Could not load the page.',
          });
      },
    );
    return () => controller.abort();
  }, [page.id]);

  return (
    <div className="page-screen">
      <PageHeader page={page} showStatus={false} />
      {content.status === 'loading' && <LoadingNote label="Loading page…" />}
      {content.status === 'error' && <ErrorNote message={content.message} />}
      {content.status === 'unpublished' && <UnpublishedNote />}
      {content.status === 'published' && (
        <>
          <ReviewedBy page={page} />
          {/* The server renders and sanitizes this HTML (allow-listed tags, safe links only). */}
          <article
            ref={article}
            className="prose prose--published"
            dangerouslySetInnerHTML={{ __html: content.html }}
          />
          <p className="page-report">
            <PassageReport pageId={page.id} container={() => article.current} />
          </p>
        </>
      )}
    </div>
  );
}
