import { recordAudit } from './audit.ts';
import { DomainError, forbidden, notFound } from './errors.ts';
import type { Collection, Page, Review, ReviewDecision, Revision, User } from './model.ts';
import { policy } from './policy.ts';
import type {
  AuditLog,
  Clock,
  CollectionRepository,
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

export interface ReviewOutcome {
  review: Review;
  revision: Revision;
  published: boolean;
}

export class ReviewService {
  constructor(
    private readonly pages: PageRepository,
    private readonly revisions: RevisionRepository,
    private readonly collections: CollectionRepository,
    private readonly audit: AuditLog,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  /** Records a sign-off decision; publishes the revision once it has enough approvals. */
  async review(actor: User, revisionId: string, input: ReviewInput): Promise<ReviewOutcome> {
    if (!policy.canReview(actor.role)) throw forbidden('Only faculty and admins review revisions');
    if (input.decision === 'request_changes' && input.comment.trim() === '') {
      throw new DomainError('validation_failed', 'Say what should change: a comment is required');
    }
    const revision = await this.revisions.findRevision(revisionId);
    if (!revision) throw notFound('Revision');
    if (input.contentHash !== undefined && input.contentHash !== revision.contentHash) {
      throw new DomainError('conflict', 'The revision differs from the one you reviewed', {
        contentHash: revision.contentHash,
      });
    }
    if (revision.authors.includes(actor.id)) {
      throw forbidden('You co-authored this revision; another reviewer must sign it off');
    }
    const page = await this.pages.findPage(revision.pageId);
    if (!page) throw notFound('Page');
    const collection = await this.policyFor(page.collectionId);
    if (!this.isReviewerFor(actor, collection)) throw forbidden('You are not a reviewer of this collection');
    if (revision.state !== 'pending')
      throw new DomainError('conflict', `This revision is ${revision.state.replace('_', ' ')}`);
    const review: Review = {
      id: this.ids.id(),
      revisionId,
      reviewerId: actor.id,
      decision: input.decision,
      comment: input.comment.trim(),
      contentHash: revision.contentHash,
      createdAt: this.clock.now(),
    };
    if (!(await this.revisions.insertReview(review)))
      throw new DomainError('conflict', 'You already reviewed this revision');
    const target = `revision:${revisionId}`;
    await recordAudit(this.audit, this.clock, actor.id, `review.${input.decision}`, target, {
      pageId: page.id,
      contentHash: revision.contentHash,
    });

    if (input.decision === 'request_changes') {
      await this.revisions.setRevisionState(revisionId, 'changes_requested');
      return { review, revision: { ...revision, state: 'changes_requested' }, published: false };
    }
    const approvals = (await this.revisions.listReviews([revisionId])).filter(
      (r) => r.decision === 'approve',
    ).length;
    if (approvals < collection.requiredApprovals) return { review, revision, published: false };
    await this.revisions.publishRevision(page.id, revisionId, review.createdAt);
    await recordAudit(this.audit, this.clock, actor.id, 'revision.published', target, {
      pageId: page.id,
      seq: revision.seq,
    });
    return { review, revision: { ...revision, state: 'approved' }, published: true };
  }

  /** Pending revisions this faculty member may sign off and has not reviewed yet, oldest first. */
  async queue(actor: User): Promise<{ revision: Revision; page: Page; published: Revision | null }[]> {
    if (!policy.canReview(actor.role)) throw forbidden('Only faculty and admins review revisions');
    const out: { revision: Revision; page: Page; published: Revision | null }[] = [];
    const pending = await this.revisions.listRevisionsInState(['pending']);
    // A revision that needs several approvals leaves this reviewer's queue once they have given theirs.
    const reviewedByMe = new Set(
      (await this.revisions.listReviews(pending.map((r) => r.id)))
        .filter((r) => r.reviewerId === actor.id)
        .map((r) => r.revisionId),
    );
    for (const revision of pending) {
      if (reviewedByMe.has(revision.id)) continue;
      const page = await this.pages.findPage(revision.pageId);
      if (!page || !this.isReviewerFor(actor, await this.policyFor(page.collectionId))) continue;
      const published = page.publishedRevisionId
        ? await this.revisions.findRevision(page.publishedRevisionId)
        : null;
      out.push({ revision, page, published });
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
