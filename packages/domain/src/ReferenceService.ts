import { auditEntry } from './audit.ts';
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

/** A reference as one version of a page shows it. */
export interface ShownReference {
  id: string;
  csl: CslItem;
  formatted: string;
  evidenceLevel: EvidenceLevel | null;
  /** Its number in that revision (order of first citation); null for the live library. */
  position: number | null;
}

export interface ReferenceWithUse extends Reference {
  formatted: string;
  /** The reference's number in the current draft (order of first citation), or null if uncited. */
  citedAs: number | null;
}

/**
 * Limits of a page's reference library. 500 references is several times the longest reference
 * list of a review article; 200,000 characters of import text is ~50 full MEDLINE records with
 * abstracts, or 500 BibTeX entries.
 */
export const REFERENCE_LIMITS = {
  /** Most entries one import may carry. */
  perImport: 500,
  /** Most references one page may hold. */
  perPage: 500,
  /** Longest import text, in characters. */
  importChars: 200_000,
} as const;

/** Unreadable entries named in an import's error message (all of them, up to 100, in its details). */
const SHOWN_ERRORS = 10;

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
  /** The add in progress per page, which the next add waits for. */
  private readonly adding = new Map<string, Promise<unknown>>();

  constructor(
    private readonly pages: PageRepository,
    private readonly references: ReferenceRepository,
    private readonly drafts: DraftReader,
    private readonly formatter: ReferenceFormatter,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  /**
   * The page's library with each reference's number in the draft. Learners get the references of
   * the published revision instead (its snapshot, numbered as it cites them): they never see the
   * library, whose edits have not been reviewed.
   */
  async list(actor: User, pageId: string): Promise<ReferenceWithUse[]> {
    if (!policy.canReadDraft(actor.role)) return this.listPublished(pageId);
    await this.authorize(actor, pageId);
    const [refs, draft] = await Promise.all([
      this.references.listReferences(pageId),
      this.drafts.readDraft(pageId),
    ]);
    const known = new Set(refs.map((r) => r.id));
    const order = [...new Set(draft.citations.flatMap((c) => c.refIds))].filter((id) => known.has(id));
    const numbers = new Map(order.map((id, i) => [id, i + 1]));
    const formatted = await this.formatter.formatVancouver(refs.map((r) => r.csl));
    return refs.map((r, i) => ({
      ...r,
      formatted: formatted[i] ?? '',
      citedAs: numbers.get(r.id) ?? null,
    }));
  }

  /**
   * The references a version of the page shows: a revision's snapshot (`revisionId`), or the
   * library for the live draft (null). Callers have already been allowed to read that version
   * (`PageService.readContent`), which also made sure the revision is of this page.
   */
  async shownIn(
    pageId: string,
    revisionId: string | null,
    onlyIds?: ReadonlySet<string>,
  ): Promise<ShownReference[]> {
    if (revisionId === null) {
      // Formatting costs: only what the caller will show (the cited ones, for a rendered page).
      const refs = (await this.references.listReferences(pageId)).filter(
        (r) => !onlyIds || onlyIds.has(r.id),
      );
      const formatted = await this.formatter.formatVancouver(refs.map((r) => r.csl));
      return refs.map((r, i) => ({
        id: r.id,
        csl: r.csl,
        formatted: formatted[i] ?? '',
        evidenceLevel: r.evidenceLevel,
        position: null,
      }));
    }
    const snapshot = await this.references.listRevisionReferences(revisionId);
    const formatted = await this.formatter.formatVancouver(snapshot.map((r) => r.csl));
    return snapshot.map((r, i) => ({
      id: r.refId,
      csl: r.csl,
      formatted: formatted[i] ?? '',
      evidenceLevel: r.evidenceLevel,
      position: r.position,
    }));
  }

  private async listPublished(pageId: string): Promise<ReferenceWithUse[]> {
    const page = await this.pages.findPage(pageId);
    if (!page?.publishedRevisionId) throw notFound('Page');
    const shown = await this.shownIn(pageId, page.publishedRevisionId);
    return shown.map((r) => ({
      id: r.id,
      pageId,
      csl: r.csl,
      doi: normalizeDoi(r.csl.DOI),
      pmid: normalizePmid(r.csl.PMID),
      evidenceLevel: r.evidenceLevel,
      createdBy: '',
      createdAt: 0,
      formatted: r.formatted,
      citedAs: r.position,
    }));
  }

  /** Adds one CSL item. Returns the stored reference (an existing one when it is a duplicate). */
  async addItem(actor: User, pageId: string, item: CslItem): Promise<ReferenceWithUse[]> {
    return this.addAll(actor, pageId, [item]);
  }

  /** Imports BibTeX, RIS or MEDLINE text: every entry or none. */
  async import(actor: User, pageId: string, text: string): Promise<ReferenceWithUse[]> {
    await this.authorize(actor, pageId, true);
    if (text.length > REFERENCE_LIMITS.importChars) {
      throw new DomainError(
        'too_large',
        `Imports are limited to ${REFERENCE_LIMITS.importChars.toLocaleString('en')} characters; split the file`,
      );
    }
    // One more than allowed, so that too many entries are refused without reading them all.
    const { items, errors } = await this.formatter.parse(text, REFERENCE_LIMITS.perImport + 1);
    if (errors.length > 0) {
      const more = errors.length > SHOWN_ERRORS ? `; and ${errors.length - SHOWN_ERRORS} more` : '';
      throw new DomainError(
        'validation_failed',
        `Could not read: ${errors.slice(0, SHOWN_ERRORS).join('; ')}${more}`,
        { unreadable: errors.slice(0, 100) },
      );
    }
    if (items.length === 0) throw new DomainError('validation_failed', 'No references found in the text');
    if (items.length > REFERENCE_LIMITS.perImport)
      throw new DomainError('too_large', `At most ${REFERENCE_LIMITS.perImport} references per import`);
    return this.addAll(actor, pageId, items);
  }

  /**
   * Deletes a reference nothing cites: not the draft, and no pending or published revision (what
   * learners read, or may read once approved, changes only through a reviewed revision).
   */
  async remove(actor: User, pageId: string, refId: string): Promise<void> {
    await this.authorize(actor, pageId, true);
    const [draft, page, citingRevisions] = await Promise.all([
      this.drafts.readDraft(pageId),
      this.pages.findPage(pageId),
      this.references.listRevisionsCiting(pageId, refId),
    ]);
    const places = draft.citations
      .filter((c) => c.refIds.includes(refId))
      .map(({ blockId, excerpt }) => ({ blockId, excerpt }));
    const revisions = citingRevisions
      .filter((r) => r.state === 'pending' || r.id === page?.publishedRevisionId)
      .map((r) => ({ id: r.id, seq: r.seq, state: r.state, published: r.id === page?.publishedRevisionId }));
    if (places.length > 0 || revisions.length > 0) {
      const where: string[] = [];
      if (places.length > 0)
        where.push(`the draft (${places.length === 1 ? '1 place' : `${places.length} places`})`);
      for (const r of revisions)
        where.push(`revision ${r.seq} (${r.published ? 'published' : 'awaiting review'})`);
      const fix =
        places.length > 0
          ? 'remove those citations first'
          : 'it can be deleted once no published or pending revision cites it';
      // Top-level like other refusals' details, and under `details` as issue 8 names it.
      throw new DomainError('conflict', `This reference is cited in ${where.join(', ')}; ${fix}`, {
        places,
        revisions,
        details: { places, revisions },
      });
    }
    const audit = auditEntry(this.clock, actor.id, 'reference.deleted', `reference:${refId}`, { pageId });
    if (!(await this.references.deleteReference(pageId, refId, audit))) throw notFound('Reference');
  }

  async setEvidenceLevel(
    actor: User,
    pageId: string,
    refId: string,
    level: EvidenceLevel | null,
  ): Promise<void> {
    await this.authorize(actor, pageId, true);
    // The level is one of a fixed set of words, not content: the entry may say which.
    const audit = auditEntry(this.clock, actor.id, 'reference.evidence_level_set', `reference:${refId}`, {
      pageId,
      evidenceLevel: level,
    });
    if (!(await this.references.setEvidenceLevel(pageId, refId, level, audit))) throw notFound('Reference');
  }

  private async addAll(actor: User, pageId: string, items: CslItem[]): Promise<ReferenceWithUse[]> {
    await this.authorize(actor, pageId, true);
    // One add per page at a time (in this process), so two imports cannot both pass the
    // de-duplication and the per-page limit.
    const added = await this.serialized(pageId, () => this.insertNew(actor, pageId, items));
    const withUse = new Map((await this.list(actor, pageId)).map((r) => [r.id, r]));
    return added.flatMap((r) => withUse.get(r.id) ?? []);
  }

  private async insertNew(actor: User, pageId: string, items: CslItem[]): Promise<Reference[]> {
    const existing = await this.references.listReferences(pageId);
    const byDoi = new Map(existing.filter((r) => r.doi).map((r) => [r.doi, r]));
    const byPmid = new Map(existing.filter((r) => r.pmid).map((r) => [r.pmid, r]));
    const result = new Set<Reference>();
    const fresh: Reference[] = [];
    for (const csl of items) {
      const doi = normalizeDoi(csl.DOI);
      const pmid = normalizePmid(csl.PMID);
      const dup = (doi ? byDoi.get(doi) : undefined) ?? (pmid ? byPmid.get(pmid) : undefined);
      if (dup) {
        result.add(dup);
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
      result.add(ref);
    }
    if (existing.length + fresh.length > REFERENCE_LIMITS.perPage) {
      throw new DomainError(
        'too_large',
        `A page holds at most ${REFERENCE_LIMITS.perPage} references; this one has ${existing.length} and this would add ${fresh.length}. Remove unused references first`,
        { limit: REFERENCE_LIMITS.perPage, existing: existing.length, adding: fresh.length },
      );
    }
    if (fresh.length > 0) {
      const audit = auditEntry(this.clock, actor.id, 'reference.added', `page:${pageId}`, {
        refIds: fresh.map((r) => r.id),
      });
      await this.references.insertReferences(fresh, audit);
    }
    return [...result];
  }

  private async serialized<T>(pageId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.adding.get(pageId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.adding.set(pageId, settled);
    try {
      return await run;
    } finally {
      if (this.adding.get(pageId) === settled) this.adding.delete(pageId);
    }
  }

  private async authorize(actor: User, pageId: string, write = false): Promise<void> {
    if (!policy.canReadDraft(actor.role) || (write && !policy.canEditDraft(actor.role))) {
      throw forbidden('Only editors manage references');
    }
    if (!(await this.pages.findPage(pageId))) throw notFound('Page');
  }
}
