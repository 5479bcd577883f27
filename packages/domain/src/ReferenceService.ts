import { DomainError, forbidden, notFound } from './errors.ts';
import type { CslItem, EvidenceLevel, Reference, User } from './model.ts';
import { policy } from './policy.ts';
import type {
  Clock,
  DraftReader,
  IdGenerator,
  PageRepository,
  ReferenceFormatter,
  ReferenceRepository,
} from './ports.ts';

export interface ReferenceWithUse extends Reference {
  formatted: string;
  /** The reference's number in the current draft (order of first citation), or null if uncited. */
  citedAs: number | null;
}

/** Most entries one import may carry. */
const MAX_IMPORT = 500;

/** `10.1056/X`, `doi:10.1056/x` and `https://doi.org/10.1056/X` are the same DOI. */
export function normalizeDoi(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /10\.\d{4,9}\/\S+/.exec(value.trim());
  return m ? m[0].toLowerCase() : null;
}

function normalizePmid(value: unknown): string | null {
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^\d{1,9}$/.test(s) ? s : null;
}

/** A page's reference library: CSL-JSON items, de-duplicated by DOI and PMID, Vancouver-formatted. */
export class ReferenceService {
  constructor(
    private readonly pages: PageRepository,
    private readonly references: ReferenceRepository,
    private readonly drafts: DraftReader,
    private readonly formatter: ReferenceFormatter,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async list(actor: User, pageId: string): Promise<ReferenceWithUse[]> {
    await this.authorize(actor, pageId);
    const [refs, draft] = await Promise.all([
      this.references.listReferences(pageId),
      this.drafts.readDraft(pageId),
    ]);
    const known = new Set(refs.map((r) => r.id));
    const order = [...new Set(draft.citations.flatMap((c) => c.refIds))].filter((id) => known.has(id));
    return refs.map((r) => ({
      ...r,
      formatted: this.formatter.formatVancouver(r.csl),
      citedAs: order.includes(r.id) ? order.indexOf(r.id) + 1 : null,
    }));
  }

  /** Adds one CSL item. Returns the stored reference (an existing one when it is a duplicate). */
  async addItem(actor: User, pageId: string, item: CslItem): Promise<ReferenceWithUse[]> {
    return this.addAll(actor, pageId, [item]);
  }

  /** Imports BibTeX, RIS or MEDLINE text: every entry or none. */
  async import(actor: User, pageId: string, text: string): Promise<ReferenceWithUse[]> {
    await this.authorize(actor, pageId, true);
    const { items, errors } = this.formatter.parse(text);
    if (errors.length > 0) {
      throw new DomainError('validation_failed', `Could not read: ${errors.join('; ')}`, {
        unreadable: errors,
      });
    }
    if (items.length === 0) throw new DomainError('validation_failed', 'No references found in the text');
    if (items.length > MAX_IMPORT)
      throw new DomainError('too_large', `At most ${MAX_IMPORT} references per import`);
    return this.addAll(actor, pageId, items);
  }

  async remove(actor: User, pageId: string, refId: string): Promise<void> {
    await this.authorize(actor, pageId, true);
    const draft = await this.drafts.readDraft(pageId);
    const places = draft.citations
      .filter((c) => c.refIds.includes(refId))
      .map(({ blockId, excerpt }) => ({ blockId, excerpt }));
    if (places.length > 0) {
      throw new DomainError(
        'conflict',
        `This reference is cited in ${places.length === 1 ? '1 place' : `${places.length} places`}; remove those citations first`,
        { places },
      );
    }
    if (!(await this.references.deleteReference(pageId, refId))) throw notFound('Reference');
  }

  async setEvidenceLevel(
    actor: User,
    pageId: string,
    refId: string,
    level: EvidenceLevel | null,
  ): Promise<void> {
    await this.authorize(actor, pageId, true);
    if (!(await this.references.setEvidenceLevel(pageId, refId, level))) throw notFound('Reference');
  }

  private async addAll(actor: User, pageId: string, items: CslItem[]): Promise<ReferenceWithUse[]> {
    await this.authorize(actor, pageId, true);
    const existing = await this.references.listReferences(pageId);
    const byDoi = new Map(existing.filter((r) => r.doi).map((r) => [r.doi, r]));
    const byPmid = new Map(existing.filter((r) => r.pmid).map((r) => [r.pmid, r]));
    const result: Reference[] = [];
    const fresh: Reference[] = [];
    for (const csl of items) {
      const doi = normalizeDoi(csl.DOI);
      const pmid = normalizePmid(csl.PMID);
      const dup = (doi ? byDoi.get(doi) : undefined) ?? (pmid ? byPmid.get(pmid) : undefined);
      if (dup) {
        if (!result.includes(dup)) result.push(dup);
        continue;
      }
      const ref: Reference = {
        id: this.ids.id(),
        pageId,
        csl,
        doi,
        pmid,
        evidenceLevel: null,
        createdBy: actor.id,
        createdAt: this.clock.now(),
      };
      if (doi) byDoi.set(doi, ref);
      if (pmid) byPmid.set(pmid, ref);
      fresh.push(ref);
      result.push(ref);
    }
    await this.references.insertReferences(fresh);
    const withUse = await this.list(actor, pageId);
    return result
      .map((r) => withUse.find((w) => w.id === r.id))
      .filter((r): r is ReferenceWithUse => r !== undefined);
  }

  private async authorize(actor: User, pageId: string, write = false): Promise<void> {
    if (!policy.canReadDraft(actor.role) || (write && !policy.canEditDraft(actor.role))) {
      throw forbidden('Only editors manage references');
    }
    if (!(await this.pages.findPage(pageId))) throw notFound('Page');
  }
}
