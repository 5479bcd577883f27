import type { CslItem, CslName } from './referenceTypes.ts';

/** The fields of the "Enter details" form. */
export interface ReferenceFields {
  title: string;
  /** One author a line, "Family Given" (e.g. "Smith John A"). */
  authors: string;
  journal: string;
  year: string;
  volume: string;
  issue: string;
  pages: string;
  doi: string;
  pmid: string;
}

export const EMPTY_FIELDS: ReferenceFields = {
  title: '',
  authors: '',
  journal: '',
  year: '',
  volume: '',
  issue: '',
  pages: '',
  doi: '',
  pmid: '',
};

function authorOf(line: string): CslName {
  const [family = '', ...given] = line.trim().split(/\s+/);
  return given.length > 0 ? { family, given: given.join(' ') } : { family };
}

/** A CSL-JSON journal article from the form; empty fields are left out. */
export function cslFromForm(fields: ReferenceFields): CslItem {
  const item: CslItem = { type: 'article-journal', title: fields.title.trim() };
  const authors = fields.authors
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (authors.length > 0) item.author = authors.map(authorOf);
  const set = (name: 'container-title' | 'volume' | 'issue' | 'page' | 'DOI' | 'PMID', value: string) => {
    if (value.trim()) item[name] = value.trim();
  };
  set('container-title', fields.journal);
  set('volume', fields.volume);
  set('issue', fields.issue);
  set('page', fields.pages);
  set('DOI', fields.doi);
  set('PMID', fields.pmid);
  const year = Number.parseInt(fields.year, 10);
  if (Number.isInteger(year)) item.issued = { 'date-parts': [[year]] };
  return item;
}
