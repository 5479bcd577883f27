import { cleanDisplayText, LIMITS } from '@rounds/shared';
import { recordAudit } from './audit.ts';
import { DomainError, forbidden, notFound } from './errors.ts';
import type { Page, User } from './model.ts';
import type { PageService } from './PageService.ts';
import { policy } from './policy.ts';
import type { AuditLog, Clock, CollectionRepository, PageRepository } from './ports.ts';
import type { PageEvents } from './pageEvents.ts';
import { SlidingWindowLimit } from './rateLimit.ts';
import { slugify } from './slugify.ts';

/** Renames one person may make per window (every page together): far above honest use. */
export const RENAMES_PER_WINDOW = 10;
export const RENAME_WINDOW_MS = 60_000;

/**
 * What happens to a page over its life: renamed (the slug follows, earlier slugs keep resolving
 * until another page takes them as its live slug), archived and restored, moved between
 * collections. Each change is audited by ids: titles and slugs (made of titles) are content and
 * stay out of the audit log. Archiving is announced through PageEvents.
 */
export class PageLifecycleService {
  /** Per user: renames in the current window (consumed before any await). */
  private readonly renames: SlidingWindowLimit;

  constructor(
    private readonly pageService: PageService,
    private readonly pages: PageRepository,
    private readonly collections: CollectionRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly events?: PageEvents,
  ) {
    this.renames = new SlidingWindowLimit(
      {
        limit: RENAMES_PER_WINDOW,
        windowMs: RENAME_WINDOW_MS,
        message: 'Too many renames; try again in a minute',
      },
      clock,
    );
  }

  async rename(actor: User, ref: string, rawTitle: string): Promise<Page> {
    const page = await this.pageService.getPage(actor, ref);
    if (!policy.canRenamePage(actor.role)) throw forbidden('Your role cannot rename pages');
    if (page.archivedAt !== null)
      throw new DomainError('conflict', 'This page is archived; restore it first');
    const cleaned = cleanDisplayText(rawTitle, LIMITS.titleMax);
    if (!cleaned.ok) throw new DomainError('validation_failed', `The title ${cleaned.message}`);
    const title = cleaned.value;
    // Counted once the request is one that would write (refusals above cost nothing), and before
    // anything is awaited: check and count are one synchronous step.
    this.renames.take(actor.id);
    let renamed: Page | null | 'slug_taken' = 'slug_taken';
    // The store re-checks the slug as it writes; a slug taken meanwhile means trying the next one.
    for (let attempt = 0; renamed === 'slug_taken' && attempt < 5; attempt++) {
      const slug = await this.uniqueSlug(page, title);
      renamed = await this.pages.renamePage(page.id, title, slug, this.clock.now());
    }
    if (renamed === 'slug_taken') throw new DomainError('conflict', 'Could not find a free slug; try again');
    if (!renamed) throw notFound('Page');
    // Ids only: a slug is made of the title, which may hold what a purge removes later (the
    // audit log is kept for good).
    await recordAudit(this.audit, this.clock, actor.id, 'page.renamed', `page:${page.id}`, {
      slugChanged: renamed.slug !== page.slug,
    });
    return renamed;
  }

  async archive(actor: User, ref: string): Promise<Page> {
    return this.setArchived(actor, ref, true);
  }

  async unarchive(actor: User, ref: string): Promise<Page> {
    return this.setArchived(actor, ref, false);
  }

  /** Admins only: the collection decides who signs the page off. `null` takes it out of any. */
  async moveToCollection(actor: User, ref: string, collectionId: string | null): Promise<Page> {
    if (!policy.canManageCollections(actor.role))
      throw forbidden('Only admins move pages between collections');
    const page = await this.pageService.resolvePage(ref);
    if (!page) throw notFound('Page');
    if (collectionId !== null && !(await this.collections.findCollection(collectionId)))
      throw notFound('Collection');
    await this.pages.setCollection(page.id, collectionId);
    await recordAudit(this.audit, this.clock, actor.id, 'page.collection_set', `page:${page.id}`, {
      collectionId,
    });
    return { ...page, collectionId };
  }

  private async setArchived(actor: User, ref: string, archive: boolean): Promise<Page> {
    // Learners learn nothing about pages they cannot see: getPage answers not_found first.
    const page = await this.pageService.getPage(actor, ref);
    if (!policy.canArchivePage(actor.role)) throw forbidden('Only faculty and admins archive pages');
    const at = this.clock.now();
    // Compare-and-set: of two racing requests one wins, the other gets 409.
    if (!(await this.pages.setArchived(page.id, archive ? at : null))) {
      throw new DomainError(
        'conflict',
        archive ? 'This page is already archived' : 'This page is not archived',
      );
    }
    // At once, before anything else is awaited: open editors stop writing and are closed.
    this.events?.announce({ kind: archive ? 'archived' : 'unarchived', pageId: page.id });
    await recordAudit(
      this.audit,
      this.clock,
      actor.id,
      archive ? 'page.archived' : 'page.unarchived',
      `page:${page.id}`,
    );
    return { ...page, archivedAt: archive ? at : null };
  }

  /**
   * The slug for `title`: unchanged when the title slugifies the same, else unique as on create.
   * Taken: other pages' live slugs, published slugs and former published slugs (learners' links).
   * A slug that is merely a draft-only former slug (an alias) of another page is free, and taking
   * it drops that alias. The page's own former slugs are free too: renaming back reclaims one.
   */
  private async uniqueSlug(page: Page, title: string): Promise<string> {
    const base = slugify(title);
    if (base === page.slug) return base;
    let slug = base;
    for (let n = 2; await this.pages.slugExists(slug, page.id); n++) slug = `${base}-${n}`;
    return slug;
  }
}
