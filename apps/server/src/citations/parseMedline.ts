import type { CslItem } from '@rounds/domain';

/**
 * PubMed MEDLINE (.nbib) text → CSL-JSON. citation-js reads BibTeX and RIS but not this format,
 * and no maintained npm library does; the format is simple tagged lines
 * (https://www.nlm.nih.gov/bsd/mms/medlineelements.html): a 4-character tag, "- ", the value,
 * with continuation lines indented by six spaces. One record per PMID.
 */
export function parseMedline(text: string): { items: CslItem[]; errors: string[] } {
  const records = text
    .replace(/\r\n?/g, '\n')
    .split(/\n(?=PMID- )/)
    .map((r) => r.trim())
    .filter(Boolean);
  const items: CslItem[] = [];
  const errors: string[] = [];
  records.forEach((record, i) => {
    const fields = readFields(record);
    const pmid = fields.get('PMID')?.[0];
    const title = fields.get('TI')?.[0];
    if (!pmid || !title) {
      errors.push(
        `MEDLINE record ${i + 1}${pmid ? ` (PMID ${pmid})` : ''}: missing ${pmid ? 'title (TI)' : 'PMID'}`,
      );
      return;
    }
    const year = /\d{4}/.exec(fields.get('DP')?.[0] ?? '')?.[0];
    const doi = (fields.get('AID') ?? fields.get('LID') ?? [])
      .find((v) => /\[doi\]/.test(v))
      ?.replace(/\s*\[doi\]/, '');
    const item: CslItem = {
      type: 'article-journal',
      title: title.replace(/\.$/, ''),
      PMID: pmid,
      author: (fields.get('AU') ?? []).map(parseAuthor),
    };
    const journal = fields.get('TA')?.[0] ?? fields.get('JT')?.[0];
    if (journal) item['container-title'] = journal;
    if (year) item.issued = { 'date-parts': [[Number(year)]] };
    const volume = fields.get('VI')?.[0];
    const issue = fields.get('IP')?.[0];
    const page = fields.get('PG')?.[0];
    if (volume) item.volume = volume;
    if (issue) item.issue = issue;
    if (page) item.page = page;
    if (doi) item.DOI = doi;
    items.push(item);
  });
  return { items, errors };
}

function readFields(record: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let last: { tag: string; index: number } | null = null;
  for (const line of record.split('\n')) {
    const m = /^([A-Z]{2,4})\s*- (.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) {
      const values = fields.get(m[1]) ?? [];
      values.push(m[2].trim());
      fields.set(m[1], values);
      last = { tag: m[1], index: values.length - 1 };
    } else if (last && /^\s{2,}\S/.test(line)) {
      const values = fields.get(last.tag) ?? [];
      values[last.index] = `${values[last.index] ?? ''} ${line.trim()}`;
    }
  }
  return fields;
}

/** "Smith JA" → {family: "Smith", given: "J A"}; a group name stays literal. */
function parseAuthor(value: string): Record<string, string> {
  const m = /^(.+?)\s+([A-Z]{1,4})$/.exec(value.trim());
  return m?.[1] && m[2] ? { family: m[1], given: m[2].split('').join(' ') } : { literal: value.trim() };
}
