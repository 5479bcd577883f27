import { DomainError, forbidden, notFound } from './errors.ts';
import type { Collection, Page, Review, ReviewDecision, Revision, RevisionState, User } from './model.ts';
import { policy } from './policy.ts';
import { revisionDigest, type RevisionDigest } from './revisionDigest.ts';
import type {
  Clock,
  CollectionRepository,
  RevisionSummary,
  IdGenerator,
  PageRepository,
  RevisionRepository,
} from './ports.ts';

export const DEFAULT_POLICY = { requiredApprovals: 1, reviewValidDays: 365 } as const;

export interface ReviewInput {
  decision: ReviewDecision;
  comment: string;
  /** The content hash the reviewer was shown; a mismatch means they reviewed something else. */
  contentHash?: string | undefined;
}

/** A revision waiting in a reviewer's queue (without its body: see `digests`). */
export interface QueueItem {
  revision: RevisionSummary;
  page: Page;
  /** The page's published revision, which this one would replace. */
  published: { id: string; title: string } | null;
  /** Four-eyes: the reviewer co-authored it (or content equal to it), so they may not sign it off. */
  coAuthored: boolean;
}

export interface ReviewOutcome {
  review: Review;
  revision: Revision;
  published: boolean;
}

/** Why a decision can no longer be taken on a revision in this state. */
function notPending(state: RevisionState): DomainError {
  switch (state) {
    case 'superseded':
      return new DomainError(
        'revision_superseded',
        'A newer revision of this page was submitted; this one is superseded',
        { state },
      );
    case 'approved':
      return new DomainError(
        'conflict',
        'This revision was already approved; there is nothing left to decide',
        {
          state,
        },
      );
    case 'changes_requested':
      return new DomainError(
        'conflict',
        'Changes were already requested on this revision; the authors will submit a new one',
        { state },
      );
    case 'pending':
      return new DomainError(
        'conflict',
        'This revision changed while you reviewed it; reload and try again',
        {
          state,
        },
      );
  }
}

const contentChanged = (contentHash: string): DomainError =>
  new DomainError('conflict', 'The revision differs from the one you reviewed', { contentHash });

export class ReviewService {
  constructor(
    private readonly pages: PageRepository,
    private readonly revisions: RevisionRepository,
    private readonly collections: CollectionRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    /** Finds uncited claims in a stored document (the editor's rule; only for revisions without a digest). */
    private readonly uncitedClaimsOf?: (doc: unknown) => { blockId: string; sentence: string }[],
  ) {}

  /**
   * Records a sign-off decision; publishes the revision once it has enough approvals. The checks
   * here give clear answers early; the decision itself is one compare-and-set unit of work in the
   * store (`recordReview`), so whatever changed in between is caught there.
   */
  async review(actor: User, revisionId: string, input: ReviewInput): Promise<ReviewOutcome> {
    if (!policy.canReview(actor.role)) throw forbidden('Only faculty and admins review revisions');
    if (input.decision === 'request_changes' && input.comment.trim() === '') {
      throw new DomainError('validation_failed', 'Say what should change: a comment is required');
    }
    const revision = await this.revisions.findRevision(revisionId);
    if (!revision) throw notFound('Revision');
    if (revision.state !== 'pending') throw notPending(revision.state);
    if (input.contentHash !== undefined && input.contentHash !== revision.contentHash) {
      throw contentChanged(revision.contentHash);
    }
    if (revision.authors.includes(actor.id)) {
      throw forbidden('You co-authored this revision; another reviewer must sign it off');
    }
    const page = await this.pages.findPage(revision.pageId);
    if (!page) throw notFound('Page');
    const collection = await this.policyFor(page.collectionId);
    if (!this.isReviewerFor(actor, collection)) throw forbidden('You are not a reviewer of this collection');
    await this.refuseOwnContent(actor, revision);

    const review: Review = {
      id: this.ids.id(),
      revisionId,
      reviewerId: actor.id,
      decision: input.decision,
      comment: input.comment.trim(),
      contentHash: revision.contentHash,
      createdAt: this.clock.now(),
    };
    const target = `revision:${revisionId}`;
    const result = await this.revisions.recordReview({
      review,
      pageId: page.id,
      requiredApprovals: collection.requiredApprovals,
      reviewAudit: {
        at: review.createdAt,
        actor: actor.id,
        action: `review.${input.decision}`,
        target,
        data: { pageId: page.id, contentHash: revision.contentHash },
      },
      publishAudit: {
        at: review.createdAt,
        actor: actor.id,
        action: 'revision.published',
        target,
        data: { pageId: page.id, seq: revision.seq },
      },
    });
    switch (result.status) {
      case 'recorded':
        return { review, revision: { ...revision, state: result.state }, published: result.published };
      case 'not_pending':
        throw notPending(result.state);
      case 'content_changed':
        throw contentChanged(result.contentHash);
      case 'already_reviewed':
        throw new DomainError('conflict', 'You already reviewed this revision');
      case 'not_found':
        throw notFound('Revision');
    }
  }

  /**
   * Four-eyes through restore: content someone co-authored stays theirs when another person
   * restores and resubmits it, so nobody signs off a revision whose content equals one they wrote.
   */
  private async refuseOwnContent(actor: User, revision: Revision): Promise<void> {
    const own = await this.sameContentCoAuthored(actor, revision);
    if (own) {
      throw forbidden(
        `This revision has the same content as revision ${own.seq}, which you co-authored; another reviewer must sign it off`,
      );
    }
  }

  /** Another revision of the page with this revision's content that the actor co-authored, if any. */
  private async sameContentCoAuthored(
    actor: User,
    revision: RevisionSummary,
  ): Promise<RevisionSummary | undefined> {
    return (await this.revisions.listRevisionSummaries(revision.pageId)).find(
      (r) => r.id !== revision.id && r.contentHash === revision.contentHash && r.authors.includes(actor.id),
    );
  }

  /**
   * Pending revisions this faculty member may sign off and has not reviewed yet, oldest first: one
   * per page, its newest (submitting supersedes older ones; this also holds for data from before),
   * on pages that are not archived. Reads summaries only, never revision bodies.
   */
  async queue(actor: User): Promise<QueueItem[]> {
    if (!policy.canReview(actor.role)) throw forbidden('Only faculty and admins review revisions');
    const out: QueueItem[] = [];
    // A revision that needs several approvals leaves this reviewer's queue once they have given theirs.
    for (const { revision, publishedRevisionId, publishedTitle } of await this.revisions.listQueueCandidates(
      actor.id,
    )) {
      const page = await this.pages.findPage(revision.pageId);
      if (!page || page.archivedAt !== null) continue;
      if (!this.isReviewerFor(actor, await this.policyFor(page.collectionId))) continue;
      const coAuthored =
        revision.authors.includes(actor.id) ||
        (await this.sameContentCoAuthored(actor, revision)) !== undefined;
      const published =
        publishedRevisionId !== null
          ? { id: publishedRevisionId, title: publishedTitle ?? page.title }
          : null;
      out.push({ revision, page, published, coAuthored });
    }
    return out;
  }

  /**
   * The bounded digests the queue shows of these items. A revision stored before digests were gets
   * its digest computed from its body once, then stored.
   */
  async digests(items: QueueItem[]): Promise<Map<string, RevisionDigest>> {
    const stored = await this.revisions.listDigests(items.map((i) => i.revision.id));
    const out = new Map<string, RevisionDigest>();
    for (const { revision, published } of items) {
      let digest = stored.get(revision.id) ?? null;
      if (digest === null) {
        const full = await this.revisions.findRevision(revision.id);
        if (!full) continue;
        const base = published ? await this.revisions.findRevision(published.id) : null;
        digest = revisionDigest(base?.blocks ?? [], full.blocks, this.uncitedClaimsOf?.(full.doc) ?? []);
        await this.revisions.storeDigest(revision.id, digest);
      }
      out.set(revision.id, digest);
    }
    return out;
  }

  /** The collection's policy, or the defaults when the page has none. */
  async policyFor(collectionId: string | null): Promise<Collection> {
    const found = collectionId ? await this.collections.findCollection(collectionId) : null;
    return found ?? { id: '', name: 'Default', reviewerIds: [], createdAt: 0, ...DEFAULT_POLICY };
  }

  isReviewerFor(actor: User, collection: Collection): boolean {
    if (actor.role === 'admin') return true;
    return (
      policy.canReview(actor.role) &&
      (collection.reviewerIds.length === 0 || collection.reviewerIds.includes(actor.id))
    );
  }
}
