import type { EvidenceLevel } from '@rounds/shared';

export { EVIDENCE_LEVELS, type EvidenceLevel } from '@rounds/shared';

export const EVIDENCE_LABELS: Record<EvidenceLevel | 'unrated', string> = {
  guideline: 'Guideline',
  systematic_review: 'Systematic review',
  rct: 'RCT',
  cohort: 'Cohort',
  case_control: 'Case-control',
  case_series: 'Case series',
  expert_opinion: 'Expert opinion',
  unrated: 'Unrated',
};

/** Label of an evidence level, including levels this client does not know yet. */
export function evidenceLabel(level: string): string {
  return level in EVIDENCE_LABELS ? EVIDENCE_LABELS[level as EvidenceLevel] : level.replaceAll('_', ' ');
}

export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

/** The CSL-JSON fields the add form sends; the server keeps a few more. */
export interface CslItem {
  type?: string;
  title: string;
  author?: CslName[];
  'container-title'?: string;
  issued?: { 'date-parts': (number | string)[][] };
  volume?: string;
  issue?: string;
  page?: string;
  DOI?: string;
  PMID?: string;
}

/** One entry of a page's reference library (`GET /api/pages/:id/references`). */
export interface ReferenceView {
  id: string;
  csl: CslItem;
  /** Vancouver text. */
  formatted: string;
  /** Number in the stored draft, or null when uncited. */
  citedAs: number | null;
  evidenceLevel: EvidenceLevel | null;
}

/** Where a reference is still cited (the 409 answer to deleting it). */
export interface CitationPlace {
  blockId: string;
  excerpt: string;
}
