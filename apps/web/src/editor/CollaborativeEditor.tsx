import { EditorContent } from '@tiptap/react';
import type { Editor } from '@tiptap/react';
import type { ReactNode } from 'react';
import { EditorToolbar } from './EditorToolbar.tsx';

interface CollaborativeEditorProps {
  editor: Editor;
  /** Extra toolbar buttons (e.g. "Comment"). */
  toolbarExtra?: ReactNode;
  /** Shown just below the (sticky) toolbar, over the document (e.g. the citation picker). */
  overlay?: ReactNode;
}

/** Toolbar and document of the live editor. */
export function CollaborativeEditor({ editor, toolbarExtra, overlay }: CollaborativeEditorProps) {
  return (
    <div className="editor">
      <EditorToolbar editor={editor} extra={toolbarExtra} overlay={overlay} />
      <EditorContent editor={editor} className="editor__content" />
    </div>
  );
}
