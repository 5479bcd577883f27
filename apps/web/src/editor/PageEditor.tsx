import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useEditorState } from '@tiptap/react';
import { PAGE_REWRITTEN_MESSAGE, type UserView } from '@rounds/shared';
import { useSession } from '../auth/SessionContext.tsx';
import type { PageDetails } from '../review/reviewTypes.ts';
import { usePageDetails } from '../review/usePageDetails.ts';
import { usePublishedBlocks } from '../review/usePublishedBlocks.ts';
import { useRevisions } from '../review/useRevisions.ts';
import { useCollabSession } from './useCollabSession.ts';
import type { CollabSession } from './useCollabSession.ts';
import { FAILURE_MESSAGES } from './collabFailure.ts';
import { CollaborativeEditor } from './CollaborativeEditor.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { PresenceList } from './PresenceList.tsx';
import { ReviewBar } from './ReviewBar.tsx';
import { useRoundsEditor } from './useRoundsEditor.ts';
import { useShowUnreviewed } from './useShowUnreviewed.ts';
import { setPublishedBlocks, setUnreviewedVisible, unreviewedCount } from './UnreviewedBlocks.ts';
import { useCommentThreads } from './useCommentThreads.ts';
import { ThreadsPanel } from './ThreadsPanel.tsx';
import { CommentButton } from './CommentButton.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LatestRevisionNote } from '../components/LatestRevisionNote.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { ForbiddenNote } from '../components/ForbiddenNote.tsx';
import { useReferences } from '../citations/useReferences.ts';
import { liveCitedOrder, setCitationReferences } from './CitationView.ts';
import { uncitedClaimCount } from './CitationNeeded.ts';
import { CitePicker } from './CitePicker.tsx';
import { ReferencesPanel } from './ReferencesPanel.tsx';
import { ToolbarButton } from './ToolbarButton.tsx';
import { ImageInsert } from './ImageInsert.tsx';
import { PassageReport } from '../components/PassageReport.tsx';
import { usePhiFindings } from './usePhiFindings.ts';

interface PageEditorProps {
  page: PageDetails;
  user: UserView;
}

/** `/pages/:id` for authors and reviewers: live co-editing of the page's draft, and its review state. */
export function PageEditor({ page: initial, user }: PageEditorProps) {
  const { sessionEpoch } = useSession();
  const session = useCollabSession(initial.id, user.id, sessionEpoch);
  const { page, refresh } = usePageDetails(initial);
  if (!session) {
    return (
      <div className="page-screen">
        <PageHeader page={page} />
        <LoadingNote label="Opening page…" />
      </div>
    );
  }
  return <EditorWorkspace session={session} page={page} user={user} refreshPage={refresh} />;
}

interface EditorWorkspaceProps {
  session: CollabSession;
  page: PageDetails;
  user: UserView;
  refreshPage: () => void;
}

function EditorWorkspace({ session, page, user, refreshPage }: EditorWorkspaceProps) {
  const { failure } = useSyncExternalStore(session.tracker.subscribe, session.tracker.getSnapshot);
  const { session: appSession, signedOut } = useSession();
  const sessionOver = appSession.status === 'ended';
  // Clicking a highlighted range selects its thread; the threads hook needs the editor first.
  const selectThread = useRef<(id: string) => void>(() => undefined);
  const [citing, setCiting] = useState(false);
  const editor = useRoundsEditor(
    session,
    user,
    page.title,
    (id) => selectThread.current(id),
    () => setCiting(true),
  );
  const references = useReferences(page.id);
  const threads = useCommentThreads(editor, page.id);
  useEffect(() => {
    selectThread.current = threads.select;
  }, [threads.select]);
  const published = usePublishedBlocks(page.id, page.publishedRevisionId);
  const [showUnreviewed, setShowUnreviewed] = useShowUnreviewed();
  const [submissions, setSubmissions] = useState(0);
  const revisions = useRevisions(
    page.id,
    `${submissions}:${page.pendingReview}:${page.publishedRevisionId ?? ''}`,
  );
  const liveCount = useEditorState({
    editor,
    selector: ({ editor: e }) => (e ? unreviewedCount(e.state) : null),
  });
  const claimCount = useEditorState({
    editor,
    selector: ({ editor: e }) => (e ? uncitedClaimCount(e.state) : null),
  });

  const referenceTexts = references.state.status === 'ready' ? references.state.references : null;
  const phiFound = usePhiFindings(
    editor,
    referenceTexts,
    revisions.status === 'ready' ? revisions.data.people : undefined,
    user.name,
  );
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    setCitationReferences(editor, referenceTexts && new Map(referenceTexts.map((r) => [r.id, r.formatted])));
  }, [editor, referenceTexts]);

  // A co-author may cite a reference they just added: fetch the library again when one is unknown.
  const { refresh: refreshReferences } = references;
  const unknownCited = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e && referenceTexts
        ? liveCitedOrder(e.state)
            .filter((id) => !referenceTexts.some((r) => r.id === id))
            .join(' ')
        : '',
  });
  useEffect(() => {
    if (unknownCited) refreshReferences();
  }, [unknownCited, refreshReferences]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) setPublishedBlocks(editor, published);
  }, [editor, published]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) setUnreviewedVisible(editor, showUnreviewed);
  }, [editor, showUnreviewed]);

  // The session ended: the socket closed with 4401, or another tab said so first. The page stays
  // with its document (edits not yet sent are kept, in IndexedDB and in memory) until the same
  // person signs in again; the layout shows "You were signed out" with a link to sign in.
  useEffect(() => {
    if (failure === 'unauthenticated') signedOut();
  }, [failure, signedOut]);
  useEffect(() => {
    if (sessionOver) session.tracker.refuse('unauthenticated');
  }, [sessionOver, session.tracker]);

  // Refused: nothing more is typed that could not be sent.
  const readOnly = failure === 'unauthenticated' || failure === 'forbidden';
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.setEditable(!readOnly);
  }, [editor, readOnly]);

  const header = (
    <PageHeader page={page} unreviewedBlocks={liveCount} uncitedClaims={claimCount}>
      {!failure && <PresenceList provider={session.provider} />}
      <ConnectionIndicator tracker={session.tracker} />
    </PageHeader>
  );

  if (failure === 'not_found') {
    return (
      <div className="page-screen">
        {header}
        <ForbiddenNote
          title={FAILURE_MESSAGES.not_found}
          message="This page does not exist or was removed."
        />
      </div>
    );
  }

  const withThreads = threads.state.status !== 'unavailable';
  return (
    <div className={withThreads ? 'page-screen page-screen--with-threads' : 'page-screen'}>
      {header}
      {session.pageRewritten && (
        <p className="note note--calm" role="status">
          {PAGE_REWRITTEN_MESSAGE}
        </p>
      )}
      <fieldset className="editor-lock" disabled={readOnly}>
        <ReviewBar
          pageId={page.id}
          tracker={session.tracker}
          showUnreviewed={showUnreviewed}
          onShowUnreviewedChange={setShowUnreviewed}
          phi={{ findings: phiFound, canOverride: user.role === 'faculty' || user.role === 'admin' }}
          onSubmitted={() => {
            setSubmissions((n) => n + 1);
            refreshPage();
          }}
        />
      </fieldset>
      {revisions.status === 'ready' && (
        <LatestRevisionNote revisions={revisions.data.revisions} people={revisions.data.people} user={user} />
      )}
      {failure && failure !== 'unauthenticated' && (
        <p className="error-note" role="alert">
          {FAILURE_MESSAGES[failure]}
        </p>
      )}
      {editor ? (
        <div className="workspace">
          <div className="workspace__main">
            <fieldset className="editor-lock" disabled={readOnly}>
              <CollaborativeEditor
                editor={editor}
                toolbarExtra={
                  <>
                    <ToolbarButton
                      label="Cite"
                      shortcut="Mod-Shift-C"
                      active={citing}
                      onClick={() => setCiting((open) => !open)}
                    >
                      Cite
                    </ToolbarButton>
                    <ImageInsert editor={editor} pageId={page.id} />
                    {withThreads && <CommentButton editor={editor} onComment={threads.startOnSelection} />}
                  </>
                }
                overlay={
                  citing && (
                    <CitePicker
                      editor={editor}
                      pageId={page.id}
                      references={references}
                      onClose={() => setCiting(false)}
                    />
                  )
                }
              />
            </fieldset>
            {user.role === 'student' && (
              <p className="page-report">
                <PassageReport pageId={page.id} container={() => editorDom(editor)} />
              </p>
            )}
            <ReferencesPanel editor={editor} pageId={page.id} references={references} />
          </div>
          {withThreads && <ThreadsPanel editor={editor} pageId={page.id} threads={threads} />}
        </div>
      ) : (
        <LoadingNote label="Opening editor…" />
      )}
    </div>
  );
}

/** The editor's DOM once mounted (Tiptap throws when asked for the view before that). */
function editorDom(editor: { view: { dom: HTMLElement } }): HTMLElement | null {
  try {
    return editor.view.dom;
  } catch {
    return null;
  }
}
