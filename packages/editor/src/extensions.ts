import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { UniqueID } from '@tiptap/extension-unique-id';
import { Citation } from './Citation.ts';

/** Node types that carry a stable block id (attribute `id`), used to diff and review block by block. */
export const BLOCK_ID_TYPES = [
  'paragraph',
  'heading',
  'blockquote',
  'codeBlock',
  'bulletList',
  'orderedList',
  'listItem',
  'horizontalRule',
  'table',
  'tableRow',
  'tableCell',
  'tableHeader',
] as const;

/** Name of the Y.XmlFragment holding the Tiptap document (fixed by the public contract). */
export const DOCUMENT_FIELD = 'default';

/** Link protocols allowed anywhere in Rounds; `javascript:` and friends are never among them. */
export const ALLOWED_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

export interface RoundsExtensionOptions {
  /** True when a collaboration extension provides undo/redo (y-undo) instead of ProseMirror history. */
  collaborative?: boolean;
  /** False on the server and for read-only renders: never write generated ids into the document. */
  assignBlockIds?: boolean;
}

/**
 * The one schema of Rounds documents, shared by the web editor and the server (materialization,
 * HTML rendering). Every later node (citations, …) is added here so both sides agree.
 */
export function roundsExtensions(options: RoundsExtensionOptions = {}): Extensions {
  const { collaborative = false, assignBlockIds = true } = options;
  return [
    StarterKit.configure({
      undoRedo: collaborative ? false : undefined,
      link: {
        openOnClick: false,
        autolink: true,
        protocols: [],
        defaultProtocol: 'https',
        isAllowedUri: (url, ctx) => ctx.defaultValidate(url) && isSafeHref(url),
      },
    }),
    TableKit.configure({ table: { resizable: false } }),
    Citation,
    UniqueID.configure({
      types: [...BLOCK_ID_TYPES],
      attributeName: 'id',
      updateDocument: assignBlockIds,
    }),
  ];
}

/** True for hrefs Rounds will ever render: http(s), mailto, or relative/fragment links. */
export function isSafeHref(href: string): boolean {
  // Browsers ignore control characters and whitespace inside schemes ("java\tscript:"), so strip them first.
  // eslint-disable-next-line no-control-regex
  const cleaned = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(cleaned);
  if (!scheme) return true;
  return (ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(scheme[1] ?? '');
}
