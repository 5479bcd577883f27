import type { JSONContent } from '@tiptap/core';
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string';
import sanitizeHtml from 'sanitize-html';
import { citedOrder, numberCitations } from './citations.ts';
import { ALLOWED_LINK_PROTOCOLS, roundsExtensions } from './extensions.ts';
import { CELL_TYPES, fitCellAttrs } from './tableAttrs.ts';

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
  const fitted = fitForRendering(doc);
  let raw: string;
  try {
    raw = render(fitted);
  } catch {
    // An attribute the renderer cannot take must not cost readers the page: render block by
    // block, and only a block that still fails falls back to its text.
    raw = (fitted.content ?? [])
      .map((block) => {
        try {
          return render({ type: 'doc', content: [block] });
        } catch {
          return `<p>${escapeHtml(plainText(block))}</p>`;
        }
      })
      .join('');
  }
  return sanitizeHtml(raw, SANITIZE);
}

function render(doc: JSONContent): string {
  return renderToHTMLString({ extensions: roundsExtensions({ assignBlockIds: false }), content: doc });
}

/**
 * A copy with table spans bounded (the renderer writes one `<col>` per spanned column: a colspan
 * of 10^7 ran the server out of memory), for revisions stored before materializing bounded them.
 */
function fitForRendering(doc: JSONContent): JSONContent {
  const copy = structuredClone(doc);
  const stack: JSONContent[] = [copy];
  while (stack.length > 0) {
    const node = stack.pop() as JSONContent;
    if (node.attrs && CELL_TYPES.has(node.type ?? '')) fitCellAttrs(node.attrs);
    if (node.content) stack.push(...node.content);
  }
  return copy;
}

/** The text of a node, collected without recursion. */
function plainText(node: JSONContent): string {
  const parts: string[] = [];
  const stack: JSONContent[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as JSONContent;
    if (typeof n.text === 'string') parts.push(n.text);
    if (n.content) stack.push(...[...n.content].reverse());
  }
  return parts.join('');
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
