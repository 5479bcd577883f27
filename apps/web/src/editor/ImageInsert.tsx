import { useEffect, useRef, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ImageUploadDialog } from '../images/ImageUploadDialog.tsx';
import { ToolbarButton } from './ToolbarButton.tsx';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/avif';
const pluginKey = new PluginKey('roundsImagePasteDrop');

const firstImage = (files: FileList | null | undefined): File | null =>
  [...(files ?? [])].find((f) => f.type.startsWith('image/')) ?? null;

/**
 * The "Image" toolbar button, and pasting or dropping an image file into the document: each opens
 * the upload dialog (consent, licence, attribution, alt text); once uploaded, the image is
 * inserted where the selection (or the drop) was. Registers its own paste/drop plugin, so the
 * editor's set-up stays as it is.
 */
export function ImageInsert({ editor, pageId }: { editor: Editor; pageId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ file: File; at: number } | null>(null);

  useEffect(() => {
    if (editor.isDestroyed) return;
    const plugin = new Plugin({
      key: pluginKey,
      props: {
        handlePaste: (view, event) => {
          const file = firstImage(event.clipboardData?.files);
          if (!file) return false;
          setPending({ file, at: view.state.selection.to });
          return true;
        },
        handleDrop: (view, event) => {
          const file = firstImage(event.dataTransfer?.files);
          if (!file) return false;
          const at =
            view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? view.state.selection.to;
          setPending({ file, at });
          return true;
        },
      },
    });
    editor.registerPlugin(plugin);
    return () => {
      if (!editor.isDestroyed) editor.unregisterPlugin(pluginKey);
    };
  }, [editor]);

  return (
    <>
      <ToolbarButton label="Insert image" onClick={() => input.current?.click()}>
        Image
      </ToolbarButton>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        aria-hidden="true"
        tabIndex={-1}
        data-testid="image-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) setPending({ file, at: editor.state.selection.to });
        }}
      />
      {pending && (
        <ImageUploadDialog
          pageId={pageId}
          file={pending.file}
          onCancel={() => {
            setPending(null);
            editor.commands.focus();
          }}
          onUploaded={(image, alt) => {
            const at = Math.min(pending.at, editor.state.doc.content.size);
            setPending(null);
            editor
              .chain()
              .focus()
              .insertContentAt(at, { type: 'image', attrs: { imageId: image.id, alt } })
              .run();
          }}
        />
      )}
    </>
  );
}
