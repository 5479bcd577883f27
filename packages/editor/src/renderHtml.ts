import type { JSONContent } from '@tiptap/core';
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string';
import sanitizeHtml from 'sanitize-html';
import { ALLOWED_LINK_PROTOCOLS, roundsExtensions } from './extensions.ts';

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'ul',
    'ol',
    'li',
    'hr',
    'br',
    'strong',
    'em',
    's',
    'u',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'colgroup',
    'col',
    'sup',
    'span',
  ],
  allowedAttributes: {
    a: ['href', 'rel', 'target'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
    '*': ['data-id'],
  },
  allowedSchemes: [...ALLOWED_LINK_PROTOCOLS],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
};

/**
 * Renders stored ProseMirror JSON to HTML with the shared schema, then sanitizes it: clients can
 * write any attribute straight into the Yjs document, so nothing reaches a reader unsanitized.
 */
export function renderHtml(doc: JSONContent): string {
  const raw = renderToHTMLString({ extensions: roundsExtensions({ assignBlockIds: false }), content: doc });
  return sanitizeHtml(raw, SANITIZE);
}
