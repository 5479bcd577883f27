import type { JSONContent } from '@tiptap/core';
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string';
import sanitizeHtml from 'sanitize-html';
import { citedOrder, numberCitations } from './citations.ts';
import { ALLOWED_LINK_PROTOCOLS, isRenderableHref, roundsExtensions } from './extensions.ts';
import { CELL_TYPES, fitCellAttrs } from './tableAttrs.ts';
import { fitMarkAttrs, fitNodeAttrs, jsonSize } from './attributeLimits.ts';
import { MAX_MATERIALIZED_CHARS, TRUNCATED_BLOCK_ID, TRUNCATED_MARKER } from './materialize.ts';

const IMAGE_SRC = /^\/api\/images\/[A-Za-z0-9_-]{1,64}$/;

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
    'img',
  ],
  allowedAttributes: {
    a: ['href', 'rel', 'target'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
    sup: ['class', 'data-ref-ids'],
    section: ['class'],
    li: ['id'],
    img: ['src', 'alt'],
    '*': ['data-id'],
  },
  allowedSchemes: [...ALLOWED_LINK_PROTOCOLS],
  allowProtocolRelative: false,
  allowedSchemesByTag: { img: [] },
  // An image is only ever one of this site's (`/api/images/<id>`); any other src drops the <img>.
  exclusiveFilter: (frame) => frame.tag === 'img' && !IMAGE_SRC.test(frame.attribs.src ?? ''),
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
 * A copy fit for rendering, for revisions stored before materializing bounded them: table spans
 * bounded (the renderer writes one `<col>` per spanned column: a colspan of 10^7 ran the server
 * out of memory), attributes past their bounds left out, links whose href is too long or not
 * http(s)/mailto/relative shown as plain text, and the copy cut at the materializer's ceiling
 * (ProseMirror JSON as big as that, with a last paragraph saying so): a 41 MB revision of one
 * 20 kB href repeated over 2,000 words renders as its words. Walked without recursion; strings
 * are shared, not copied.
 */
function fitForRendering(doc: JSONContent): JSONContent {
  const root: JSONContent = { type: 'doc', content: [] };
  const stack: [JSONContent, JSONContent[]][] = [];
  const pushChildren = (node: JSONContent, into: JSONContent[]): void => {
    const children = Array.isArray(node.content) ? node.content : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as JSONContent, into]);
  };
  pushChildren(doc, root.content as JSONContent[]);
  let used = 0;
  while (stack.length > 0) {
    const [node, into] = stack.pop() as [JSONContent, JSONContent[]];
    if (node === null || typeof node !== 'object') continue;
    const copy = fitNode(node);
    used += jsonNodeSize(copy);
    if (used > MAX_MATERIALIZED_CHARS) {
      root.content?.push({
        type: 'paragraph',
        attrs: { id: TRUNCATED_BLOCK_ID },
        content: [{ type: 'text', text: TRUNCATED_MARKER }],
      });
      break;
    }
    into.push(copy);
    if (Array.isArray(node.content)) {
      copy.content = [];
      pushChildren(node, copy.content);
    }
  }
  return root;
}

/** One node without its children, attributes and marks fitted. */
function fitNode(node: JSONContent): JSONContent {
  const { content: _content, attrs, marks, ...rest } = node;
  const copy: JSONContent = { ...rest };
  if (attrs && typeof attrs === 'object') {
    copy.attrs = { ...fitNodeAttrs(attrs) };
    if (CELL_TYPES.has(node.type ?? '')) fitCellAttrs(copy.attrs);
  }
  if (Array.isArray(marks)) {
    copy.marks = marks.flatMap((mark) => {
      if (mark === null || typeof mark !== 'object' || typeof mark.type !== 'string') return [];
      const fitted = fitMarkAttrs(mark.type, mark.attrs ?? {});
      if (fitted === null || (mark.type === 'link' && !isRenderableHref(fitted.href))) return [];
      return [{ ...mark, attrs: fitted }];
    });
  }
  return copy;
}

/** A node's own share of its JSON size (as the materializer counts it). */
function jsonNodeSize(node: JSONContent): number {
  let size = 24 + (node.type?.length ?? 0) + (typeof node.text === 'string' ? node.text.length : 0);
  if (node.attrs) size += jsonSize(node.attrs);
  for (const mark of node.marks ?? []) size += 24 + mark.type.length + jsonSize(mark.attrs ?? {});
  return size;
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
