import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate, useParams } from 'react-router-dom';
import { isApiStatus } from '../api.ts';
import { fetchPage } from '../review/reviewApi.ts';
import type { PageDetails } from '../review/reviewTypes.ts';
import { useCurrentUser, useSession } from '../auth/SessionContext.tsx';
import { canEdit } from '../roles.ts';
import { PublishedPage } from '../components/PublishedPage.tsx';
import { UnpublishedNote } from '../components/UnpublishedNote.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { ForbiddenNote } from '../components/ForbiddenNote.tsx';
import { ArchivedPage } from '../components/ArchivedPage.tsx';
import { PageScreenContext } from '../pages/PageScreenContext.ts';

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
  const navigate = useNavigate();
  const [state, setState] = useState<PageState>({ status: 'loading' });
  // Bumped to load the page again in place (after archiving or restoring it).
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const screen = useMemo(() => ({ reload }), [reload]);
  const shownId = useRef<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    // A reload of the page on screen keeps it mounted (no loading state) until the answer comes.
    if (shownId.current !== id) setState({ status: 'loading' });
    shownId.current = id;
    fetchPage(id, controller.signal).then(
      (page) => {
        // Opened by a slug (perhaps one from before a rename): the address becomes the page's id.
        if (page.id !== id) {
          void navigate(`/pages/${encodeURIComponent(page.id)}${location.search}${location.hash}`, {
            replace: true,
          });
          return;
        }
        setState({ status: 'ready', page });
      },
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
    // location.search and .hash only matter to the redirect made from the load itself.
  }, [id, reloads]);

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
      return (
        <PageScreenContext.Provider value={screen}>
          {!canEdit(user.role) ? (
            <PublishedPage key={state.page.id} page={state.page} />
          ) : state.page.archived ? (
            <ArchivedPage key={`${state.page.id}:archived`} page={state.page} />
          ) : (
            <Suspense fallback={<LoadingNote label="Opening editor…" />}>
              <PageEditor key={state.page.id} page={state.page} user={user} />
            </Suspense>
          )}
        </PageScreenContext.Provider>
      );
  }
}
