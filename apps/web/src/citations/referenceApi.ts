import { api } from '../api.ts';
import type { CslItem, EvidenceLevel, ReferenceView } from './referenceTypes.ts';

const base = (pageId: string) => `/api/pages/${encodeURIComponent(pageId)}/references`;

export async function listReferences(pageId: string, signal?: AbortSignal): Promise<ReferenceView[]> {
  return (await api<{ references: ReferenceView[] }>(base(pageId), { signal })).references;
}

/** Adds one reference typed into the form; a known DOI/PMID returns the existing entry. */
export async function addReference(pageId: string, csl: CslItem): Promise<ReferenceView[]> {
  return (await api<{ references: ReferenceView[] }>(base(pageId), { method: 'POST', body: { csl } }))
    .references;
}

/** Imports BibTeX, RIS or PubMed MEDLINE text (several entries); all or nothing. */
export async function importReferences(pageId: string, text: string): Promise<ReferenceView[]> {
  return (
    await api<{ references: ReferenceView[] }>(base(pageId), { method: 'POST', body: { import: text } })
  ).references;
}

export async function setEvidenceLevel(
  pageId: string,
  refId: string,
  evidenceLevel: EvidenceLevel | null,
): Promise<void> {
  await api(`${base(pageId)}/${encodeURIComponent(refId)}`, { method: 'PATCH', body: { evidenceLevel } });
}

/** Deletes an uncited reference; a cited one is refused with 409 and the places citing it. */
export async function removeReference(pageId: string, refId: string): Promise<void> {
  await api(`${base(pageId)}/${encodeURIComponent(refId)}`, { method: 'DELETE' });
}
