import type { JSONContent } from '@tiptap/core';
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string';
import sanitizeHtml from 'sanitize-html';
import { citedOrder, numberCitations } from './citations.ts';
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
    sup: ['class', 'data-ref-ids'],
    section: ['class'],
    li: ['id'],
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
  let raw: string;
  try {
    raw = renderToHTMLString({ extensions: roundsExtensions({ assignBlockIds: false }), content: doc });
  } catch {
    // An attribute the renderer cannot take (a link whose href is not a string, say) must not
    // cost readers the page: fall back to its text, block by block.
    raw = plainBlocks(doc);
  }
  return sanitizeHtml(raw, SANITIZE);
}

/** The text of each top-level block as an escaped paragraph, collected without recursion. */
function plainBlocks(doc: JSONContent): string {
  return (doc.content ?? [])
    .map((block) => {
      const parts: string[] = [];
      const stack: JSONContent[] = [block];
      while (stack.length > 0) {
        const node = stack.pop() as JSONContent;
        if (typeof node.text === 'string') parts.push(node.text);
        if (node.content) stack.push(...[...node.content].reverse());
      }
      return `<p>${escapeHtml(parts.join(''))}</p>`;
    })
    .join('');
}

export interface RenderedReference {
  id: string;
  formatted: string;
}

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * A page as readers see it: citations numbered in order of first use ("[?]" for a reference the
 * page does not have) and the numbered reference list (Vancouver) at the end.
 */
export function renderPageHtml(doc: JSONContent, references: RenderedReference[]): string {
  const byId = new Map(references.map((r) => [r.id, r]));
  const body = renderHtml(numberCitations(doc, new Set(byId.keys())));
  const cited = citedOrder(doc).flatMap((id) => byId.get(id) ?? []);
  if (cited.length === 0) return body;
  const items = cited.map((r, i) => `<li id="ref-${i + 1}">${escapeHtml(r.formatted)}</li>`).join('');
  return `${body}<section class="references"><h2>References</h2><ol>${items}</ol></section>`;
}
