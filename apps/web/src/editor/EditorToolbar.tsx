import { useEditorState } from '@tiptap/react';
import type { Editor } from '@tiptap/react';
import type { ReactNode } from 'react';
import { isSafeHref, MAX_HREF_LENGTH } from '@rounds/editor';
import { ToolbarButton } from './ToolbarButton.tsx';

interface EditorToolbarProps {
  editor: Editor;
  extra?: ReactNode;
  /** A popover anchored below the toolbar, e.g. the citation picker. */
  overlay?: ReactNode;
}

/** Formatting buttons above the editor; each reflects whether it applies at the selection. */
export function EditorToolbar({ editor, extra, overlay }: EditorToolbarProps) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      strike: e.isActive('strike'),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      codeBlock: e.isActive('codeBlock'),
      link: e.isActive('link'),
      inTable: e.isActive('table'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });

  const chain = () => editor.chain().focus();

  const editLink = () => {
    const previous = (editor.getAttributes('link') as { href?: string }).href ?? '';
    const input = window.prompt('Link address (https://…)', previous);
    if (input === null) return;
    const href = input.trim();
    if (!href) {
      chain().extendMarkRange('link').unsetLink().run();
      return;
    }
    if (!isSafeHref(href)) {
      window.alert('Only http, https and mailto links are allowed.');
      return;
    }
    if (href.length > MAX_HREF_LENGTH) {
      window.alert(
        `This link address is too long (${href.length.toLocaleString('en')} characters; at most ` +
          `${MAX_HREF_LENGTH.toLocaleString('en')}). Shorten it, e.g. by removing tracking parameters after "?".`,
      );
      return;
    }
    chain().extendMarkRange('link').setLink({ href }).run();
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      <div className="toolbar__group">
        <ToolbarButton
          label="Bold"
          shortcut="Mod-B"
          active={state.bold}
          onClick={() => chain().toggleBold().run()}
        >
          <strong>B</strong>
        </ToolbarButton>
        <ToolbarButton
          label="Italic"
          shortcut="Mod-I"
          active={state.italic}
          onClick={() => chain().toggleItalic().run()}
        >
          <em>I</em>
        </ToolbarButton>
        <ToolbarButton
          label="Strikethrough"
          active={state.strike}
          onClick={() => chain().toggleStrike().run()}
        >
          <s>S</s>
        </ToolbarButton>
      </div>
      <div className="toolbar__group">
        <ToolbarButton
          label="Heading 2"
          active={state.h2}
          onClick={() => chain().toggleHeading({ level: 2 }).run()}
        >
          H2
        </ToolbarButton>
        <ToolbarButton
          label="Heading 3"
          active={state.h3}
          onClick={() => chain().toggleHeading({ level: 3 }).run()}
        >
          H3
        </ToolbarButton>
      </div>
      <div className="toolbar__group">
        <ToolbarButton
          label="Bullet list"
          active={state.bulletList}
          onClick={() => chain().toggleBulletList().run()}
        >
          •≡
        </ToolbarButton>
        <ToolbarButton
          label="Numbered list"
          active={state.orderedList}
          onClick={() => chain().toggleOrderedList().run()}
        >
          1.≡
        </ToolbarButton>
        <ToolbarButton
          label="Quote"
          active={state.blockquote}
          onClick={() => chain().toggleBlockquote().run()}
        >
          “ ”
        </ToolbarButton>
        <ToolbarButton
          label="Code block"
          active={state.codeBlock}
          onClick={() => chain().toggleCodeBlock().run()}
        >
          {'</>'}
        </ToolbarButton>
      </div>
      <div className="toolbar__group">
        <ToolbarButton label="Link" active={state.link} onClick={editLink}>
          Link
        </ToolbarButton>
        <ToolbarButton
          label="Insert table"
          disabled={state.inTable}
          onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}
        >
          Table
        </ToolbarButton>
      </div>
      {extra && <div className="toolbar__group">{extra}</div>}
      <div className="toolbar__group toolbar__group--end">
        <ToolbarButton
          label="Undo"
          shortcut="Mod-Z"
          disabled={!state.canUndo}
          onClick={() => chain().undo().run()}
        >
          ↶
        </ToolbarButton>
        <ToolbarButton
          label="Redo"
          shortcut="Mod-Shift-Z"
          disabled={!state.canRedo}
          onClick={() => chain().redo().run()}
        >
          ↷
        </ToolbarButton>
      </div>
      {overlay}
    </div>
  );
}
