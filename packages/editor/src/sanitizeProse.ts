import sanitizeHtml from 'sanitize-html';

/**
 * Allow-list for prose rendered from Markdown (the guidelines): text structure and links only.
 * Links may only be http(s) or mailto and always open without a referrer or opener.
 */
const PROSE: sanitizeHtml.IOptions = {
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
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'rel', 'target'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }),
  },
};

/** Sanitizes HTML rendered from Markdown: nothing outside the allow-list reaches a reader. */
export function sanitizeProseHtml(html: string): string {
  return sanitizeHtml(html, PROSE);
}
