import { cleanDisplayText, LIMITS, type PageSummaryView, type PageView } from '@rounds/shared';
import { countUnreviewedBlocks } from './diffBlocks.ts';
import { DomainError, forbidden, notFound } from './errors.ts';
import type { BlockFingerprint, Page, Revision, User } from './model.ts';
import { policy } from './policy.ts';
import type {
  Clock,
  CollectionRepository,
  DraftReader,
  IdGenerator,
  PageRepository,
  RevisionRepository,
} from './ports.ts';
import { DEFAULT_POLICY } from './ReviewService.ts';
import { slugify } from './slugify.ts';

export type ContentVersion = 'draft' | 'published' | { revisionId: string };

/** What a content request resolves to: the document and where it came from. */
export interface PageContent {
  revisionId: string | null;
  /** The draft title for the draft, else the revision's (snapshotted at submission). */
  title: string;
  doc: unknown;
  text: string;
  blocks: BlockFingerprint[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

const iso = (ms: number): string => new Date(ms).toISOString();

/** What "updated" means to a reader: when the text they can see last changed, not the draft. */
const readerUpdatedAt = (page: Page): number => page.publishedAt ?? page.updatedAt;
/**
 * The title a viewer reads: learners the published revision's (a rename reaches them only through
 * review), editors the draft's.
 */
const titleFor = (page: Page, reader: boolean): string =>
  reader ? (page.publishedTitle ?? page.title) : page.title;
/** Likewise the slug: learners the one recorded at publication, editors the live one. */
const slugFor = (page: Page, reader: boolean): string =>
  reader ? (page.publishedSlug ?? page.id) : page.slug;

export class PageService {
  constructor(
    private readonly pages: PageRepository,
    private readonly revisions: RevisionRepository,
    private readonly collections: CollectionRepository,
    private readonly drafts: DraftReader,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async createPage(actor: User, title: string): Promise<Page> {
    if (!policy.canCreatePage(actor.role)) throw forbidden('Your role cannot create pages');
    // The HTTP schema already did this; the rule holds for every caller (seeding, imports) too.
    const cleaned = cleanDisplayText(title, LIMITS.titleMax);
    if (!cleaned.ok) throw new DomainError('validation_failed', `The title ${cleaned.message}`);
    title = cleaned.value;
    const base = slugify(title);
    let slug = base;
    for (let n = 2; await this.pages.slugExists(slug); n++) slug = `${base}-${n}`;
    const now = this.clock.now();
    const page: Page = {
      id: this.ids.id(),
      slug,
      title,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
      collectionId: null,
      publishedRevisionId: null,
      publishedAt: null,
      archivedAt: null,
      publishedTitle: null,
      publishedSlug: null,
    };
    await this.pages.insertPage(page);
    return page;
  }

  /**
   * The pages `actor` may list. Archived pages leave every list; people who read drafts can ask
   * for the archived ones alone (`archived: true`), to find and restore them.
   */
  async listPages(actor: User, options: { archived?: boolean } = {}): Promise<PageSummaryView[]> {
    const reader = !policy.canReadDraft(actor.role);
    if (options.archived && reader) throw forbidden('Archived pages are not visible to learners');
    const archived = options.archived === true;
    const all = await this.pages.listPages();
    const pages = all.filter((p) => (p.archivedAt !== null) === archived);
    const visible = reader ? pages.filter((p) => p.publishedRevisionId !== null) : pages;
    // Whether a draft is waiting for review is editors' business: readers only see published text.
    const pending = reader ? new Set<string>() : await this.pagesWithPendingReview();
    return visible.map((p) => ({
      id: p.id,
      slug: slugFor(p, reader),
      title: titleFor(p, reader),
      published: p.publishedRevisionId !== null,
      pendingReview: pending.has(p.id),
      updatedAt: iso(reader ? readerUpdatedAt(p) : p.updatedAt),
    }));
  }

  /**
   * The page named by its id, its current slug or any slug it had before a rename. For readers
   * (`mayReadDrafts` false) only its published slug or a former one that was published: a slug
   * that only ever named the draft (an unreviewed rename) names nothing for them.
   */
  async resolvePage(ref: string, mayReadDrafts = true): Promise<Page | null> {
    const byId = await this.pages.findPage(ref);
    if (byId) return byId;
    return mayReadDrafts ? this.pages.findPageBySlug(ref) : this.pages.findPageByPublishedSlug(ref);
  }

  /**
   * The page (named by id or by any slug it had; learners by a published one) if the actor may
   * know it exists: learners only know live pages with a published revision. Any other page, archived ones included, is
   * not_found for them, exactly like a page that does not exist.
   */
  async getPage(actor: User, ref: string): Promise<Page> {
    const page = await this.resolvePage(ref, policy.canReadDraft(actor.role));
    if (!page) throw notFound('Page');
    if (!policy.canReadDraft(actor.role) && (page.publishedRevisionId === null || page.archivedAt !== null))
      throw notFound('Page');
    return page;
  }

  /** The title `actor` reads for the page, or null when `getPage` would not show it to them. */
  async readableTitle(actor: User, pageId: string): Promise<string | null> {
    try {
      return titleFor(await this.getPage(actor, pageId), !policy.canReadDraft(actor.role));
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return null;
      throw err;
    }
  }

  async describePage(actor: User, id: string): Promise<PageView> {
    const page = await this.getPage(actor, id);
    const reader = !policy.canReadDraft(actor.role);
    const [published, pending, collection] = await Promise.all([
      page.publishedRevisionId ? this.revisions.findRevision(page.publishedRevisionId) : null,
      reader ? new Set<string>() : this.pagesWithPendingReview(),
      page.collectionId ? this.collections.findCollection(page.collectionId) : null,
    ]);
    const validDays = collection?.reviewValidDays ?? DEFAULT_POLICY.reviewValidDays;
    // Learners only ever see the published revision, so nothing in their view is unreviewed.
    const draft = reader ? null : await this.drafts.readDraft(page.id);
    const unreviewedBlocks = draft ? countUnreviewedBlocks(draft.blocks, published?.blocks ?? null) : 0;
    return {
      id: page.id,
      slug: slugFor(page, reader),
      title: titleFor(page, reader),
      publishedTitle: page.publishedTitle,
      published: published !== null,
      publishedRevisionId: page.publishedRevisionId,
      pendingReview: pending.has(page.id),
      unreviewedBlocks,
      // Learners see the published revision; its claims were reviewed with it.
      uncitedClaims: draft ? draft.uncitedClaims.length : 0,
      reviewDue: page.publishedAt !== null && this.clock.now() - page.publishedAt > validDays * DAY_MS,
      updatedAt: iso(reader ? readerUpdatedAt(page) : page.updatedAt),
      createdAt: iso(page.createdAt),
      publishedAt: page.publishedAt === null ? null : iso(page.publishedAt),
      archived: page.archivedAt !== null,
      archivedAt: page.archivedAt === null ? null : iso(page.archivedAt),
      collectionId: page.collectionId,
      abilities: {
        rename: policy.canRenamePage(actor.role) && page.archivedAt === null,
        archive: policy.canArchivePage(actor.role),
        moveToCollection: policy.canManageCollections(actor.role),
      },
    };
  }

  /** Authorizes a live-editing connection; throws not_found / forbidden (as `getPage` decides). */
  async authorizeEdit(actor: User, pageId: string): Promise<Page> {
    // Role first: someone who may edit no draft is refused alike for every page id, existing or
    // not (the contract's 403 for learners at the collaboration upgrade, with no existence oracle).
    if (!policy.canEditDraft(actor.role)) throw forbidden('You do not have edit access to this page');
    const page = await this.getPage(actor, pageId);
    // An archived page is read-only until it is restored: its draft takes no more edits.
    if (page.archivedAt !== null) throw forbidden('This page is archived; restore it to edit it');
    return page;
  }

  /** Draft, published revision or a named revision; learners get only the published one. */
  async readContent(actor: User, pageId: string, version: ContentVersion): Promise<PageContent> {
    const page = await this.getPage(actor, pageId);
    const mayReadDrafts = policy.canReadDraft(actor.role);
    if (version === 'draft') {
      if (!mayReadDrafts) throw forbidden('Drafts are not visible to learners');
      const draft = await this.drafts.readDraft(page.id);
      return { revisionId: null, title: page.title, doc: draft.doc, text: draft.text, blocks: draft.blocks };
    }
    const revisionId = version === 'published' ? page.publishedRevisionId : version.revisionId;
    if (revisionId === null) throw new DomainError('not_found', 'This page has no published revision yet');
    if (!mayReadDrafts && revisionId !== page.publishedRevisionId) {
      throw forbidden('Unpublished revisions are not visible to learners');
    }
    const revision: Revision | null = await this.revisions.findRevision(revisionId);
    if (!revision || revision.pageId !== page.id) throw notFound('Revision');
    return {
      revisionId: revision.id,
      title: revision.title,
      doc: revision.doc,
      text: revision.text,
      blocks: revision.blocks,
    };
  }

  async markEdited(pageId: string): Promise<void> {
    await this.pages.touchPage(pageId, this.clock.now());
  }

  private async pagesWithPendingReview(): Promise<Set<string>> {
    return new Set(await this.revisions.pendingPageIds());
  }
}
