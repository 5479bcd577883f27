import { Node } from '@tiptap/core';
import { ALT_CONTROL, MAX_ALT_LENGTH, isImageId } from './attributeLimits.ts';

/** Where an image is fetched from: the only `src` Rounds ever renders for an image node. */
export const imageSrc = (imageId: string): string => `/api/images/${imageId}`;

const SRC = /^\/api\/images\/([A-Za-z0-9_-]{1,64})$/;

/**
 * The alt text of an image node as readers get it: a string without control, zero-width or
 * text-direction characters (a bidi override would make it read otherwise than it is stored;
 * line breaks and tabs become spaces), trimmed, bounded.
 */
export function imageAlt(alt: unknown): string {
  return typeof alt === 'string'
    ? stripAltControls(alt.slice(0, MAX_ALT_LENGTH * 2))
        .trim()
        .slice(0, MAX_ALT_LENGTH)
    : '';
}

/** Tabs and line breaks: shown as a space. */
const BREAKS = /[\t\n\r\u2028\u2029]/g;
const CONTROLS = new RegExp(ALT_CONTROL.source, 'g');

/** Alt text without those characters (not trimmed: the editor's field keeps what is typed). */
export function stripAltControls(alt: string): string {
  return alt.replace(BREAKS, ' ').replace(CONTROLS, '');
}

/**
 * An image block as plain text ("[image: chest X-ray, PA view]"): what the page's text, search,
 * block fingerprints and the review diff say of it, so a reviewer sees images come and go.
 */
export function imageText(alt: unknown): string {
  const text = imageAlt(alt).replace(/\s+/g, ' ');
  return text === '' ? '[image]' : `[image: ${text}]`;
}

/**
 * An image of the page (uploaded with consent and licence, `POST /api/pages/:id/images`): a block
 * atom with the server-made `imageId` and its `alt` text. Images are immutable, so the id pins the
 * version a revision holds. Pasted HTML brings only images of Rounds itself (`/api/images/…`);
 * any other `<img>` is dropped, never fetched.
 */
export const Image = Node.create({
  name: 'image',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,

  addAttributes() {
    return {
      imageId: {
        default: null,
        parseHTML: (el) => {
          const byData = el.getAttribute('data-image-id');
          if (isImageId(byData)) return byData;
          return SRC.exec(el.getAttribute('src') ?? '')?.[1] ?? null;
        },
        renderHTML: () => ({}),
      },
      alt: {
        default: '',
        parseHTML: (el) => imageAlt(el.getAttribute('alt')),
        renderHTML: () => ({}),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'img[data-image-id]' }, { tag: 'img[src^="/api/images/"]' }];
  },

  renderHTML({ node }) {
    const id: unknown = node.attrs.imageId;
    if (!isImageId(id)) return ['p', { class: 'image-missing' }, imageText(node.attrs.alt)];
    return ['img', { src: imageSrc(id), alt: imageAlt(node.attrs.alt), 'data-image-id': id }];
  },

  renderText({ node }) {
    return imageText(node.attrs.alt);
  },
});
