import { lazy, Suspense, useEffect, useState } from 'react';
import { Navigate, useLocation, useParams } from 'react-router-dom';
import { isApiStatus } from '../api.ts';
import { fetchPage } from '../review/reviewApi.ts';
import type { PageDetails } from '../review/reviewTypes.ts';
import { useCurrentUser, useSession } from '../auth/SessionContext.tsx';
import { canEdit } from '../roles.ts';
import { PublishedPage } from '../components/PublishedPage.tsx';
import { UnpublishedNote } from '../components/UnpublishedNote.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { ForbiddenNote } from '../components/ForbiddenNote.tsx';

// The editor (Tiptap, ProseMirror, Yjs) is most of the bundle; learners and the page list never load it.
const PageEditor = lazy(() => import('../editor/PageEditor.tsx').then((m) => ({ default: m.PageEditor })));

type PageState =
  | { status: 'loading' }
  | { status: 'ready'; page: PageDetails }
  | { status: 'missing' }
  | { status: 'signed-out' }
  | { status: 'error'; message: string };

/** `/pages/:id`: the live editor for people who may edit, the published page for learners. */
export function PageScreen() {
  const { id = '' } = useParams();
  const user = useCurrentUser();
  const { signedOut } = useSession();
  const location = useLocation();
  const [state, setState] = useState<PageState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchPage(id, controller.signal).then(
      (page) => setState({ status: 'ready', page }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiStatus(err, 401)) setState({ status: 'signed-out' });
        else if (isApiStatus(err, 404) || isApiStatus(err, 403)) setState({ status: 'missing' });
        else
          setState({
            status: 'error',
            message: err instanceof Error ? err.message : 'Could not load the page.',
          });
      },
    );
    return () => controller.abort();
  }, [id]);

  useEffect(() => {
    if (state.status === 'signed-out') signedOut();
  }, [state.status, signedOut]);

  switch (state.status) {
    case 'loading':
      return <LoadingNote label="Loading page…" />;
    case 'signed-out':
      return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
    case 'missing':
      // Learners are not told whether an unpublished page exists: they get the same calm note.
      return canEdit(user.role) ? (
        <ForbiddenNote
          title="Page not found"
          message="This page does not exist or is not available to you."
        />
      ) : (
        <div className="page-screen">
          <UnpublishedNote />
        </div>
      );
    case 'error':
      return <ForbiddenNote title="Something went wrong" message={state.message} />;
    case 'ready':
      return canEdit(user.role) ? (
        <Suspense fallback={<LoadingNote label="Opening editor…" />}>
          <PageEditor key={state.page.id} page={state.page} user={user} />
        </Suspense>
      ) : (
        <PublishedPage key={state.page.id} page={state.page} />
      );
  }
}
