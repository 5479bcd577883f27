import { cleanDisplayText, LIMITS } from '@rounds/shared';
import { recordAudit } from './audit.ts';
import { DomainError, forbidden, notFound } from './errors.ts';
import type { Page, User } from './model.ts';
import type { PageService } from './PageService.ts';
import { policy } from './policy.ts';
import type { AuditLog, Clock, CollectionRepository, PageRepository } from './ports.ts';
import { slugify } from './slugify.ts';

/**
 * What happens to a page over its life: renamed (the slug follows, earlier slugs keep resolving),
 * archived and restored, moved between collections. Each change is audited by ids only: titles
 * are content and stay out of the audit log.
 */
export class PageLifecycleService {
  constructor(
    private readonly pageService: PageService,
    private readonly pages: PageRepository,
    private readonly collections: CollectionRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async rename(actor: User, ref: string, rawTitle: string): Promise<Page> {
    const page = await this.pageService.getPage(actor, ref);
    if (!policy.canRenamePage(actor.role)) throw forbidden('Your role cannot rename pages');
    if (page.archivedAt !== null)
      throw new DomainError('conflict', 'This page is archived; restore it first');
    const cleaned = cleanDisplayText(rawTitle, LIMITS.titleMax);
    if (!cleaned.ok) throw new DomainError('validation_failed', `The title ${cleaned.message}`);
    const title = cleaned.value;
    let renamed: Page | null | 'slug_taken' = 'slug_taken';
    // The store re-checks the slug as it writes; a slug taken meanwhile means trying the next one.
    for (let attempt = 0; renamed === 'slug_taken' && attempt < 5; attempt++) {
      const slug = await this.uniqueSlug(page, title);
      renamed = await this.pages.renamePage(page.id, title, slug, this.clock.now());
    }
    if (renamed === 'slug_taken') throw new DomainError('conflict', 'Could not find a free slug; try again');
    if (!renamed) throw notFound('Page');
    await recordAudit(this.audit, this.clock, actor.id, 'page.renamed', `page:${page.id}`);
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
    await recordAudit(
      this.audit,
      this.clock,
      actor.id,
      archive ? 'page.archived' : 'page.unarchived',
      `page:${page.id}`,
    );
    return { ...page, archivedAt: archive ? at : null };
  }

  /** The slug for `title`: unchanged when the title slugifies the same, else unique as on create. */
  private async uniqueSlug(page: Page, title: string): Promise<string> {
    const base = slugify(title);
    if (base === page.slug) return base;
    let slug = base;
    // The page's own slugs (current and former) are never "taken": renaming back reclaims one.
    for (let n = 2; await this.pages.slugExists(slug, page.id); n++) slug = `${base}-${n}`;
    return slug;
  }
}
