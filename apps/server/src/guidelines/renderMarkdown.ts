import { sanitizeProseHtml } from '@rounds/editor/server';
import MarkdownIt from 'markdown-it';

// Raw HTML off (it is shown as text), bare URLs become links; the result is sanitized anyway.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
// Links: http(s) and mailto, or paths and anchors on this site; nothing else becomes a link
// (markdown-it's own check already drops javascript:, vbscript:, file: and most data:).
const defaultValidate = md.validateLink.bind(md);
md.validateLink = (url: string): boolean => {
  const lower = url.trim().toLowerCase();
  const local = (lower.startsWith('/') && !lower.startsWith('//')) || lower.startsWith('#');
  const allowed = ['http://', 'https://', 'mailto:'].some((scheme) => lower.startsWith(scheme));
  return defaultValidate(url) && (local || allowed);
};

/** The guidelines' Markdown as sanitized HTML (server-side; readers never get unsanitized HTML). */
export function renderMarkdown(markdown: string): string {
  return sanitizeProseHtml(md.render(markdown));
}
