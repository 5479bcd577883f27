import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { CslItem } from '@rounds/domain';
import { validateCslItem } from './cslItemSchema.ts';
import { normalizeImportText } from './normalizeImportText.ts';
import { parseMedline } from './parseMedline.ts';

/** One entry of an import: its name in messages, and its CSL-JSON or why it could not be read. */
export type ReadEntry = { label: string } & ({ csl: Record<string, unknown> } | { error: string });

/**
 * BibTeX, RIS or PubMed MEDLINE text → validated CSL items; `errors` names each entry that could
 * not be read or breaks a limit (callers import nothing when there are any). Reads at most
 * `maxEntries` entries, so a caller that allows N asks for N + 1 and can refuse without this
 * parsing thousands. Synchronous and CPU-bound: runs in the citation worker, under a time budget.
 */
export function parseReferences(raw: string, maxEntries: number): { items: CslItem[]; errors: string[] } {
  const text = normalizeImportText(raw);
  let entries: ReadEntry[];
  if (/^PMID- /m.test(text)) entries = parseMedline(text, maxEntries);
  else if (/^TY {2}- /m.test(text))
    entries = splitRis(text)
      .slice(0, maxEntries)
      .map((e, i) => readWithCitationJs(e, '@ris/file', `RIS record ${i + 1}${describe(e)}`));
  else if (/@\w+\s*[{(]/.test(text))
    entries = splitBibtex(text)
      .slice(0, maxEntries)
      .map((e, i) => readWithCitationJs(e, '@bibtex/text', `BibTeX entry ${i + 1}${describe(e)}`));
  else return { items: [], errors: ['the text is not BibTeX, RIS or PubMed MEDLINE'] };

  const items: CslItem[] = [];
  const errors: string[] = [];
  for (const entry of entries) {
    if ('error' in entry) {
      errors.push(`${entry.label}: ${entry.error}`);
      continue;
    }
    const checked = validateCslItem(entry.csl);
    if ('item' in checked) items.push(checked.item);
    else errors.push(`${entry.label}: ${checked.problem}`);
  }
  return { items, errors };
}

/** Parses one entry on its own, so an error names the entry. */
function readWithCitationJs(entry: string, type: string, label: string): ReadEntry {
  try {
    const data = new Cite(entry, { forceType: type }).data;
    if (data.length !== 1) return { label, error: 'could not be read' };
    const { id: _id, _graph, ...csl } = data[0] as Record<string, unknown>;
    if (typeof csl.title !== 'string' || csl.title.trim() === '') return { label, error: 'missing title' };
    return { label, csl };
  } catch {
    return { label, error: 'could not be read' };
  }
}

// The start of an entry: `@type{` or `@type(` at the start of a line. Indentation is `[ \t]*`, not
// `\s*`: with `\s*` every line start in a run of blank lines re-read the rest of the run (127,000
// newlines: 13 s). `\w+\s*[{(]` is linear: the classes are disjoint and it starts only at `@`.
const BIBTEX_ENTRY = /(?=^[ \t]*@\w+\s*[{(])/m;

function splitBibtex(text: string): string[] {
  return text
    .split(BIBTEX_ENTRY)
    .map((e) => e.trim())
    .filter((e) => e.startsWith('@') && !/^@(comment|preamble|string)\b/i.test(e));
}

/**
 * RIS records, each ending at its `ER` line or where the next `TY` begins: citation-js reads a
 * chunk of many `TY` lines as that many records (9,000 took 2 s), so each chunk holds one.
 */
function splitRis(text: string): string[] {
  return text
    .split(/^ER {2}-.*$|(?=^TY {2}- )/m)
    .map((e) => e.trim())
    .filter((e) => /^TY {2}- /m.test(e))
    .map((e) => `${e}\nER  - \n`);
}

/** A short, safe label for an entry: its BibTeX key or the start of its title (anchored patterns). */
function describe(entry: string): string {
  const key = /^@\w+\s*[{(]\s*([^,\s]+)\s*,/.exec(entry)?.[1];
  if (key) return ` (${key.slice(0, 60)})`;
  const title = /^(?:TI|T1) {2}- (.*)$/m.exec(entry)?.[1];
  return title ? ` (“${title.slice(0, 60)}”)` : '';
}
