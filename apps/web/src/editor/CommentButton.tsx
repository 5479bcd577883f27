import { useEditorState } from '@tiptap/react';
import type { Editor } from '@tiptap/react';
import { ToolbarButton } from './ToolbarButton.tsx';

/** "Comment" in the toolbar: starts a thread on the selected text. */
export function CommentButton({ editor, onComment }: { editor: Editor; onComment: () => boolean }) {
  const empty = useEditorState({ editor, selector: ({ editor: e }) => e.state.selection.empty });
  return (
    <ToolbarButton
      label="Comment"
      disabled={empty}
      onClick={() => {
        onComment();
      }}
    >
      Comment
    </ToolbarButton>
  );
}
