import { Cite, logger } from '@citation-js/core';
import '@citation-js/plugin-csl';
import type { CslItem } from '@rounds/domain';
import { formattableCsl } from './cslItemSchema.ts';

// citation-js warns on the console about fields it does not map; Rounds reports errors itself.
logger.level = 'silent';

// `asEntryArray`: [id, text] pairs, so each text is matched to its item by id, not by position.
const OPTIONS = { template: 'vancouver', format: 'text' as const, lang: 'en-US', asEntryArray: true };

/**
 * Vancouver (ICMJE/NLM) text of each item, in order, without leading numbers, with citeproc
 * through citation-js. Items are made formattable first (whitespace collapsed, fields within the
 * CSL limits), which keeps citeproc linear. CPU-bound: runs in the citation worker.
 */
export function formatVancouver(items: readonly unknown[]): string[] {
  const prepared = items.map(formattableCsl);
  let texts: (string | undefined)[];
  try {
    const entries = new Cite(prepared.map((item, i) => ({ ...item, id: `ref${i}` }))).format(
      'bibliography',
      OPTIONS,
    ) as unknown as [string, string][];
    const byId = new Map(entries);
    texts = prepared.map((_item, i) => byId.get(`ref${i}`));
  } catch {
    texts = prepared.map(formatOne);
  }
  return prepared.map((item, i) => withIdentifiers(item, texts[i]));
}

function formatOne(item: CslItem): string | undefined {
  try {
    const [entry] = new Cite([{ ...item, id: 'ref' }]).format('bibliography', OPTIONS) as unknown as [
      string,
      string,
    ][];
    return entry?.[1];
  } catch {
    return undefined;
  }
}

/** The citeproc text without its number; NLM style ends with the identifiers Vancouver leaves out. */
function withIdentifiers(item: CslItem, formatted: string | undefined): string {
  let text = (formatted ?? item.title).replace(/^\s*\d+\.\s*/, '').trim();
  const doi = typeof item.DOI === 'string' ? item.DOI : null;
  const pmid = typeof item.PMID === 'string' || typeof item.PMID === 'number' ? String(item.PMID) : null;
  if (doi && !text.toLowerCase().includes(doi.toLowerCase())) text += ` doi:${doi}`;
  if (pmid && !text.includes(pmid)) text += ` PMID: ${pmid}.`;
  return text;
}
