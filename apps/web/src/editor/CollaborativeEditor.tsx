import { EditorContent, useEditor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { DOCUMENT_FIELD, roundsExtensions } from '@rounds/editor';
import type { UserView } from '@rounds/shared';
import type { CollabSession } from './useCollabSession.ts';
import { EditorToolbar } from './EditorToolbar.tsx';
import { userColor } from './userColor.ts';

interface CollaborativeEditorProps {
  session: CollabSession;
  user: UserView;
  title: string;
}

/** The Tiptap editor bound to the page's shared Yjs document, with collaborators' carets. */
export function CollaborativeEditor({ session, user, title }: CollaborativeEditorProps) {
  const editor = useEditor({
    extensions: [
      ...roundsExtensions({ collaborative: true }),
      Collaboration.configure({ document: session.doc, field: DOCUMENT_FIELD }),
      CollaborationCaret.configure({
        provider: session.provider,
        // The server overwrites this with the session's user for everyone else; set it so ours matches.
        user: { id: user.id, name: user.name, color: userColor(user.id) },
      }),
    ],
    editorProps: {
      attributes: {
        class: 'prose',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': `${title}: page content`,
        spellcheck: 'true',
      },
    },
  });

  if (!editor) return null;
  return (
    <div className="editor">
      <EditorToolbar editor={editor} />
      <EditorContent editor={editor} className="editor__content" />
    </div>
  );
}
