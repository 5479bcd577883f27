import type { ReadEntry } from './parseReferences.ts';

/**
 * PubMed MEDLINE (.nbib) text → CSL-JSON, one entry per record. citation-js reads BibTeX and RIS
 * but not this format, and no maintained npm library does; the format is simple tagged lines
 * (https://www.nlm.nih.gov/bsd/mms/medlineelements.html): a 4-character tag, "- ", the value,
 * with continuation lines indented. One record per PMID. Reads at most `maxRecords` records.
 *
 * Expects text through `normalizeImportText` (no runs of more than two spaces). Every pattern
 * here is anchored or bounded, and author names are split with string operations, not a
 * backtracking pattern: `^(.+?)\s+([A-Z]{1,4})$` took minutes on a name with 200,000 spaces.
 */
export function parseMedline(text: string, maxRecords: number): ReadEntry[] {
  const records = text
    .split(/\n(?=PMID- )/)
    .map((r) => r.trim())
    .filter(Boolean)
    .slice(0, maxRecords);
  return records.map((record, i): ReadEntry => {
    const fields = readFields(record);
    const pmid = fields.get('PMID')?.[0];
    const title = fields.get('TI')?.[0];
    const label = `MEDLINE record ${i + 1}${pmid ? ` (PMID ${pmid.slice(0, 20)})` : ''}`;
    if (!pmid || !title) return { label, error: `missing ${pmid ? 'title (TI)' : 'PMID'}` };
    const year = /\d{4}/.exec(fields.get('DP')?.[0] ?? '')?.[0];
    const doi = [...(fields.get('AID') ?? []), ...(fields.get('LID') ?? [])]
      .find((v) => v.endsWith('[doi]'))
      ?.slice(0, -'[doi]'.length)
      .trim();
    const csl: Record<string, unknown> = {
      type: 'article-journal',
      title: title.endsWith('.') ? title.slice(0, -1) : title,
      PMID: pmid,
      author: (fields.get('AU') ?? []).map(parseAuthor),
    };
    const journal = fields.get('TA')?.[0] ?? fields.get('JT')?.[0];
    if (journal) csl['container-title'] = journal;
    if (year) csl.issued = { 'date-parts': [[Number(year)]] };
    const volume = fields.get('VI')?.[0];
    const issue = fields.get('IP')?.[0];
    const page = fields.get('PG')?.[0];
    if (volume) csl.volume = volume;
    if (issue) csl.issue = issue;
    if (page) csl.page = page;
    if (doi) csl.DOI = doi;
    return { label, csl };
  });
}

/** A tag line: 2–4 capitals, at most two spaces, "- ", the value (anchored, no optional run). */
const TAG_LINE = /^([A-Z]{2,4}) {0,2}- (.*)$/;

function readFields(record: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let last: { tag: string; index: number } | null = null;
  for (const line of record.split('\n')) {
    const m = TAG_LINE.exec(line);
    if (m?.[1] && m[2] !== undefined) {
      const values = fields.get(m[1]) ?? [];
      values.push(m[2].trim());
      fields.set(m[1], values);
      last = { tag: m[1], index: values.length - 1 };
    } else if (last && line.startsWith('  ') && line.trim() !== '') {
      const values = fields.get(last.tag) ?? [];
      values[last.index] = `${values[last.index] ?? ''} ${line.trim()}`;
    }
  }
  return fields;
}

/** "Smith JA" → {family: "Smith", given: "J A"}; a group name stays literal. */
function parseAuthor(value: string): Record<string, string> {
  const name = value.trim();
  const cut = name.lastIndexOf(' ');
  const initials = name.slice(cut + 1);
  const family = name.slice(0, cut).trim();
  return cut > 0 && family && /^[A-Z]{1,4}$/.test(initials)
    ? { family, given: initials.split('').join(' ') }
    : { literal: name };
}
