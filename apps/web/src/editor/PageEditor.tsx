import { useEffect, useSyncExternalStore } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { PageView, UserView } from '@rounds/shared';
import { useSession } from '../auth/SessionContext.tsx';
import { useCollabSession } from './useCollabSession.ts';
import type { CollabSession } from './useCollabSession.ts';
import { FAILURE_MESSAGES } from './collabFailure.ts';
import { CollaborativeEditor } from './CollaborativeEditor.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { PresenceList } from './PresenceList.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { ForbiddenNote } from '../components/ForbiddenNote.tsx';

interface PageEditorProps {
  page: PageView;
  user: UserView;
}

/** `/pages/:id` for authors and reviewers: live co-editing of the page's draft. */
export function PageEditor({ page, user }: PageEditorProps) {
  const session = useCollabSession(page.id);
  return (
    <div className="page-screen">
      <PageHeader page={page}>
        {session && <PresenceList provider={session.provider} />}
        {session && <ConnectionIndicator tracker={session.tracker} />}
      </PageHeader>
      {session ? (
        <EditorBody session={session} page={page} user={user} />
      ) : (
        <LoadingNote label="Opening page…" />
      )}
    </div>
  );
}

function EditorBody({ session, page, user }: { session: CollabSession; page: PageView; user: UserView }) {
  const { failure } = useSyncExternalStore(session.tracker.subscribe, session.tracker.getSnapshot);
  const { signedOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    if (failure !== 'unauthenticated') return;
    // Edits stay cached in IndexedDB and sync after signing in again.
    signedOut();
    void navigate(`/login?next=${encodeURIComponent(location.pathname)}`, { replace: true });
  }, [failure, signedOut, navigate, location.pathname]);

  if (failure === 'forbidden')
    return <ForbiddenNote title="No edit access" message={FAILURE_MESSAGES.forbidden} />;
  if (failure === 'not_found') {
    return (
      <ForbiddenNote title={FAILURE_MESSAGES.not_found} message="This page does not exist or was removed." />
    );
  }
  return (
    <>
      {failure && failure !== 'unauthenticated' && (
        <p className="error-note" role="alert">
          {FAILURE_MESSAGES[failure]}
        </p>
      )}
      <CollaborativeEditor key={page.id} session={session} user={user} title={page.title} />
    </>
  );
}
