import { useEffect, useRef } from 'react';
import { useEditor } from '@tiptap/react';
import type { Editor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { DOCUMENT_FIELD, roundsExtensions } from '@rounds/editor';
import type { UserView } from '@rounds/shared';
import type { CollabSession } from './useCollabSession.ts';
import { UnreviewedBlocks } from './UnreviewedBlocks.ts';
import { CommentHighlights } from './CommentHighlights.ts';
import { userColor } from './userColor.ts';
import { CitationView } from './CitationView.ts';
import { CitationNeeded } from './CitationNeeded.ts';
import { ImageView } from './ImageView.tsx';
import { PhiHighlights } from './PhiHighlights.ts';

/**
 * The Tiptap editor bound to the page's shared Yjs document, with carets, review marks and comment
 * highlights, citation numbers and "citation needed" marks; `onThreadClick` runs when someone clicks
 * into a commented range, `onCite` on Mod-Shift-C.
 */
export function useRoundsEditor(
  session: CollabSession,
  user: UserView,
  title: string,
  onThreadClick: (threadId: string) => void,
  onCite: () => void,
): Editor | null {
  // The editor is created once; the callback it calls must still be the latest one.
  const onThreadClickRef = useRef(onThreadClick);
  useEffect(() => {
    onThreadClickRef.current = onThreadClick;
  }, [onThreadClick]);
  const onCiteRef = useRef(onCite);
  useEffect(() => {
    onCiteRef.current = onCite;
  }, [onCite]);

  return useEditor({
    // Its base CSS ships in styles/prosemirror.css: an injected <style> would break the CSP.
    injectCSS: false,
    extensions: [
      // The shared citation node, drawn here with live numbers.
      ...roundsExtensions({ collaborative: true }).filter((e) => e.name !== 'citation' && e.name !== 'image'),
      CitationView.configure({ onCite: () => onCiteRef.current() }),
      ImageView,
      CitationNeeded,
      PhiHighlights,
      Collaboration.configure({ document: session.doc, field: DOCUMENT_FIELD }),
      CollaborationCaret.configure({
        provider: session.provider,
        // The server overwrites this with the session's user for everyone else; set it so ours matches.
        user: { id: user.id, name: user.name, color: userColor(user.id) },
      }),
      UnreviewedBlocks,
      CommentHighlights.configure({ onActivate: (id) => onThreadClickRef.current(id) }),
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
}
