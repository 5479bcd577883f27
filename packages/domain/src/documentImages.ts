/** An image node of a stored document (ProseMirror JSON). */
export interface ImageUse {
  /** The image block's id ('' when it has none). */
  blockId: string;
  /** The image it shows, or null when the attribute is not an image id. */
  imageId: string | null;
  alt: string;
}

const IMAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

const isNode = (v: unknown): v is { type?: unknown; attrs?: unknown; content?: unknown } =>
  typeof v === 'object' && v !== null;

/**
 * A character that shows something: not whitespace, a format or control character (zero-width
 * space, word joiner, soft hyphen, bidi controls), a combining mark on its own, an unassigned or
 * private-use code point, nor a blank that looks like a letter (Hangul fillers, the blank Braille
 * pattern). One character class: linear on any length.
 */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{Cc}\p{Cs}\p{Co}\p{Cn}\p{M}\u115f\u1160\u3164\uffa0\u2800]/u;

/** Whether alt text says anything a reader can see. */
export const hasVisibleText = (text: string): boolean => VISIBLE.test(text);

/** The image nodes of a document, in order; walked without recursion (any depth, any shape). */
export function imageUses(doc: unknown): ImageUse[] {
  const found: ImageUse[] = [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isNode(node)) continue;
    if (node.type === 'image') {
      const attrs = (isNode(node.attrs) ? node.attrs : {}) as Record<string, unknown>;
      const id = attrs.imageId;
      found.push({
        blockId: typeof attrs.id === 'string' ? attrs.id : '',
        imageId: typeof id === 'string' && id.length <= 64 && IMAGE_ID.test(id) ? id : null,
        alt: typeof attrs.alt === 'string' ? attrs.alt : '',
      });
      continue;
    }
    if (Array.isArray(node.content))
      for (let i = node.content.length - 1; i >= 0; i--) stack.push(node.content[i]);
  }
  return found;
}

/** The distinct image ids a document shows. */
export const imageIdsOf = (doc: unknown): string[] => [
  ...new Set(imageUses(doc).flatMap((u) => (u.imageId ? [u.imageId] : []))),
];
