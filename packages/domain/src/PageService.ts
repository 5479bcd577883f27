import type { PageSummaryView, PageView } from '@rounds/shared';
import { DomainError, forbidden, notFound } from './errors.ts';
import type { Page, User } from './model.ts';
import { policy } from './policy.ts';
import type { Clock, DraftReader, IdGenerator, MaterializedDraft, PageRepository } from './ports.ts';
import { slugify } from './slugify.ts';

export type ContentVersion = 'draft' | 'published' | { revisionId: string };

export class PageService {
  constructor(
    private readonly pages: PageRepository,
    private readonly drafts: DraftReader,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async createPage(actor: User, title: string): Promise<Page> {
    if (!policy.canCreatePage(actor.role)) throw forbidden('Your role cannot create pages');
    const base = slugify(title);
    let slug = base;
    for (let n = 2; await this.pages.slugExists(slug); n++) slug = `${base}-${n}`;
    const now = this.clock.now();
    const page: Page = {
      id: this.ids.id(),
      slug,
      title: title.trim(),
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    };
    await this.pages.insertPage(page);
    return page;
  }

  async listPages(actor: User): Promise<PageSummaryView[]> {
    const pages = await this.pages.listPages();
    // Nothing is published before the review workflow exists, so learners see no pages yet.
    const visible = policy.canReadDraft(actor.role) ? pages : pages.filter(() => false);
    return visible.map((p) => ({
      id: p.id,
      slug: p.slug,
      title: p.title,
      published: false,
      pendingReview: false,
      updatedAt: new Date(p.updatedAt).toISOString(),
    }));
  }

  /** The page if the actor may see it at all; learners only see published pages. */
  async getPage(actor: User, id: string): Promise<Page> {
    const page = await this.pages.findPage(id);
    if (!page) throw notFound('Page');
    if (!policy.canReadDraft(actor.role)) throw notFound('Page');
    return page;
  }

  async describePage(actor: User, id: string): Promise<PageView> {
    const page = await this.getPage(actor, id);
    const draft = await this.drafts.readDraft(page.id);
    return {
      id: page.id,
      slug: page.slug,
      title: page.title,
      published: false,
      publishedRevisionId: null,
      pendingReview: false,
      // Nothing is published yet, so every block of the draft is unreviewed.
      unreviewedBlocks: draft.blocks.length,
      uncitedClaims: 0,
      reviewDue: false,
      updatedAt: new Date(page.updatedAt).toISOString(),
      createdAt: new Date(page.createdAt).toISOString(),
    };
  }

  /** Authorizes a live-editing connection; throws not_found / forbidden. */
  async authorizeEdit(actor: User, pageId: string): Promise<Page> {
    const page = await this.pages.findPage(pageId);
    if (!page) throw notFound('Page');
    if (!policy.canEditDraft(actor.role)) throw forbidden('You do not have edit access to this page');
    return page;
  }

  async readContent(
    actor: User,
    pageId: string,
    version: ContentVersion,
  ): Promise<{ revisionId: string | null; draft: MaterializedDraft }> {
    const page = await this.pages.findPage(pageId);
    if (!page) throw notFound('Page');
    if (version === 'draft') {
      if (!policy.canReadDraft(actor.role)) throw forbidden('Drafts are not visible to learners');
      return { revisionId: null, draft: await this.drafts.readDraft(page.id) };
    }
    if (version === 'published')
      throw new DomainError('not_found', 'This page has no published revision yet');
    if (!policy.canReadDraft(actor.role))
      throw forbidden('Unpublished revisions are not visible to learners');
    throw notFound('Revision');
  }

  async markEdited(pageId: string): Promise<void> {
    await this.pages.touchPage(pageId, this.clock.now());
  }
}
