import { useEffect, useId, useState } from 'react';
import { Image, imageSrc, isImageId, MAX_ALT_LENGTH, stripAltControls } from '@rounds/editor';
import { NodeViewWrapper, ReactNodeViewRenderer, type ReactNodeViewProps } from '@tiptap/react';

/**
 * An image in the editor: the picture, and its alt text editable below it (saved on Enter or
 * when the field loses focus). An image without alt text is marked, since it cannot be submitted.
 */
function ImageNodeView({ node, updateAttributes, editor, selected }: ReactNodeViewProps) {
  const id = useId();
  const imageId: unknown = node.attrs.imageId;
  const saved = typeof node.attrs.alt === 'string' ? node.attrs.alt : '';
  const [alt, setAlt] = useState(saved);
  useEffect(() => setAlt(saved), [saved]);
  const missing = saved.trim() === '';
  const save = () => {
    // Control and text-direction characters are stripped (the collaboration server refuses them).
    const clean = stripAltControls(alt).slice(0, MAX_ALT_LENGTH);
    if (clean !== saved) updateAttributes({ alt: clean });
  };
  return (
    <NodeViewWrapper
      as="figure"
      className={`image-node${missing ? ' image-node--no-alt' : ''}${selected ? ' image-node--selected' : ''}`}
      data-testid="image-node"
    >
      {isImageId(imageId) ? (
        <img src={imageSrc(imageId)} alt={saved} className="image-node__img" draggable={false} />
      ) : (
        <p className="image-node__broken">This image is not available.</p>
      )}
      <figcaption className="image-node__caption" contentEditable={false}>
        {missing && (
          <span className="image-node__warning" role="status">
            Alt text missing: describe the image before submitting
          </span>
        )}
        <label htmlFor={`${id}-alt`} className="image-node__label">
          Alt text
        </label>
        <input
          id={`${id}-alt`}
          type="text"
          value={alt}
          maxLength={MAX_ALT_LENGTH}
          disabled={!editor.isEditable}
          aria-invalid={missing}
          onChange={(e) => setAlt(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              save();
            }
          }}
        />
      </figcaption>
    </NodeViewWrapper>
  );
}

/** The shared image node, drawn with its editable alt text. */
export const ImageView = Image.extend({
  addNodeView() {
    return ReactNodeViewRenderer(ImageNodeView);
  },
});
