import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { PageSummaryView } from '@rounds/shared';
import { api } from '../api.ts';
import { useCurrentUser } from '../auth/SessionContext.tsx';
import { canEdit } from '../roles.ts';
import { PageList } from '../components/PageList.tsx';
import { NewPageForm } from '../components/NewPageForm.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';

type ListState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; pages: PageSummaryView[] };

/** `/`: every page the user may see, and a form to start a new one. */
export function PagesScreen() {
  const user = useCurrentUser();
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const editor = canEdit(user.role);
  // `/?archived=true`: the archived pages, which leave the usual list (editors only).
  const [params] = useSearchParams();
  const archived = editor && params.get('archived') === 'true';

  useEffect(() => {
    const controller = new AbortController();
    setList({ status: 'loading' });
    const path = archived ? '/api/pages?archived=true' : '/api/pages';
    api<{ pages: PageSummaryView[] }>(path, { signal: controller.signal }).then(
      ({ pages }) => setList({ status: 'ready', pages: sortByUpdated(pages) }),
      (err: unknown) => {
        if (!controller.signal.aborted) {
          setList({ status: 'error', message: err instanceof Error ? err.message : 'Could not load pages.' });
        }
      },
    );
    return () => controller.abort();
  }, [archived]);

  if (archived) {
    return (
      <div className="page-width">
        <div className="screen-header">
          <h1>Archived pages</h1>
          <p className="screen-header__lead">
            Hidden from the page list, search, the review queue and learners. Open one to read it or, as
            faculty, to restore it. <Link to="/">Back to pages</Link>
          </p>
        </div>
        {list.status === 'loading' && <LoadingNote label="Loading pages…" />}
        {list.status === 'error' && <ErrorNote message={list.message} />}
        {list.status === 'ready' &&
          (list.pages.length === 0 ? (
            <p className="note note--empty">No archived pages.</p>
          ) : (
            <PageList pages={list.pages} canCreate={false} />
          ))}
      </div>
    );
  }
  return (
    <div className="page-width">
      <div className="screen-header">
        <h1>Pages</h1>
        <p className="screen-header__lead">
          {editor
            ? 'Topic pages your teams are writing. Drafts become visible to learners once faculty sign them off.'
            : 'Topic pages reviewed and signed off by faculty.'}
        </p>
      </div>
      {editor && <NewPageForm />}
      {list.status === 'loading' && <LoadingNote label="Loading pages…" />}
      {list.status === 'error' && <ErrorNote message={list.message} />}
      {list.status === 'ready' && <PageList pages={list.pages} canCreate={editor} />}
      {editor && (
        <p className="note note--quiet">
          <Link to="/?archived=true">Archived pages</Link>
        </p>
      )}
    </div>
  );
}

function sortByUpdated(pages: PageSummaryView[]): PageSummaryView[] {
  return [...pages].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
}
