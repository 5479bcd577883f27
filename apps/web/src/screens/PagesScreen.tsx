import { useEffect, useState } from 'react';
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

  useEffect(() => {
    const controller = new AbortController();
    api<{ pages: PageSummaryView[] }>('/api/pages', { signal: controller.signal }).then(
      ({ pages }) => setList({ status: 'ready', pages: sortByUpdated(pages) }),
      (err: unknown) => {
        if (!controller.signal.aborted) {
          setList({ status: 'error', message: err instanceof Error ? err.message : 'Could not load pages.' });
        }
      },
    );
    return () => controller.abort();
  }, []);

  const editor = canEdit(user.role);
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
    </div>
  );
}

function sortByUpdated(pages: PageSummaryView[]): PageSummaryView[] {
  return [...pages].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
}
