import { Cite, logger } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-ris';
import type { CslItem, ReferenceFormatter } from '@rounds/domain';
import { parseMedline } from './parseMedline.ts';

// citation-js warns on the console about fields it does not map; Rounds reports errors itself.
logger.level = 'silent';

/** Reference import and Vancouver formatting with citation-js (MIT) and its CSL engine. */
export class CitationJsFormatter implements ReferenceFormatter {
  formatVancouver(item: CslItem): string {
    let text: string;
    try {
      text = new Cite([{ ...item, id: 'ref' }]).format('bibliography', {
        template: 'vancouver',
        format: 'text',
        lang: 'en-US',
      });
    } catch {
      text = typeof item.title === 'string' ? item.title : 'Unreadable reference';
    }
    text = text.replace(/^\s*\d+\.\s*/, '').trim();
    // The Vancouver template leaves out identifiers; NLM style ends with them.
    const doi = typeof item.DOI === 'string' ? item.DOI : null;
    const pmid = typeof item.PMID === 'string' || typeof item.PMID === 'number' ? String(item.PMID) : null;
    if (doi && !text.toLowerCase().includes(doi.toLowerCase())) text += ` doi:${doi}`;
    if (pmid && !text.includes(pmid)) text += ` PMID: ${pmid}.`;
    return text;
  }

  parse(text: string): { items: CslItem[]; errors: string[] } {
    if (/^PMID- /m.test(text)) return parseMedline(text);
    if (/^TY {2}- /m.test(text)) return this.parseEach(splitRis(text), '@ris/file', 'RIS record');
    if (/@\w+\s*[{(]/.test(text)) return this.parseEach(splitBibtex(text), '@bibtex/text', 'BibTeX entry');
    return { items: [], errors: ['the text is not BibTeX, RIS or PubMed MEDLINE'] };
  }

  /** Parses entry by entry so an error names the entry, and one bad entry fails the import. */
  private parseEach(entries: string[], type: string, what: string): { items: CslItem[]; errors: string[] } {
    const items: CslItem[] = [];
    const errors: string[] = [];
    entries.forEach((entry, i) => {
      const label = `${what} ${i + 1}${describe(entry)}`;
      try {
        const data = new Cite(entry, { forceType: type }).data;
        if (data.length !== 1) throw new Error('unreadable');
        const { id: _id, _graph, ...csl } = data[0] as Record<string, unknown>;
        if (typeof csl.title !== 'string' || csl.title.trim() === '') throw new Error('no title');
        items.push({
          ...csl,
          title: csl.title,
          type: typeof csl.type === 'string' ? csl.type : 'article-journal',
        });
      } catch (err: unknown) {
        errors.push(
          `${label}: ${err instanceof Error && err.message === 'no title' ? 'missing title' : 'could not be read'}`,
        );
      }
    });
    return { items, errors };
  }
}

function splitBibtex(text: string): string[] {
  return text
    .split(/(?=^\s*@\w+\s*[{(])/m)
    .map((e) => e.trim())
    .filter((e) => e.startsWith('@') && !/^@(comment|preamble|string)\b/i.test(e));
}

function splitRis(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/^ER {2}-.*$/m)
    .map((e) => e.trim())
    .filter((e) => /^TY {2}- /m.test(e))
    .map((e) => `${e}\nER  - \n`);
}

/** A short, safe label for an entry: its BibTeX key or the start of its title. */
function describe(entry: string): string {
  const key = /^@\w+\s*[{(]\s*([^,\s]+)\s*,/.exec(entry)?.[1];
  if (key) return ` (${key.slice(0, 60)})`;
  const title = /^(?:TI|T1) {2}- (.*)$/m.exec(entry)?.[1];
  return title ? ` (“${title.slice(0, 60)}”)` : '';
}
