import { sanitizeProseHtml } from '@rounds/editor/server';
import MarkdownIt from 'markdown-it';

// Raw HTML off (it is shown as text), bare URLs become links; the result is sanitized anyway.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
// Only http(s) and mailto links survive (markdown-it's own check already drops javascript:/data:).
const defaultValidate = md.validateLink.bind(md);
md.validateLink = (url: string): boolean => {
  const lower = url.trim().toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]{0,31}):/.exec(lower)?.[1];
  return defaultValidate(url) && (scheme === undefined || ['http', 'https', 'mailto'].includes(scheme));
};

/** The guidelines' Markdown as sanitized HTML (server-side; readers never get unsanitized HTML). */
export function renderMarkdown(markdown: string): string {
  return sanitizeProseHtml(md.render(markdown));
}
