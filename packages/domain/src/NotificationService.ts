import type { User } from './model.ts';
import { policy } from './policy.ts';
import type { PageRepository, RevisionRepository, ThreadRepository } from './ports.ts';
import type { ReviewService } from './ReviewService.ts';

export interface Notification {
  kind: 'review_requested' | 'changes_requested' | 'revision_published' | 'comment_reply';
  pageId: string;
  pageTitle: string;
  revisionId?: string;
  threadId?: string;
  text: string;
  createdAt: number;
}

/** How far back published revisions are announced to their authors. */
const RECENT_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * "What needs me", derived from the current state rather than stored: faculty see revisions
 * waiting for their sign-off; authors see requested changes, recent publications and replies in
 * open threads on pages they wrote. Nothing to mark as read, nothing that can go stale.
 */
export class NotificationService {
  constructor(
    private readonly pages: PageRepository,
    private readonly revisions: RevisionRepository,
    private readonly threads: ThreadRepository,
    private readonly reviews: ReviewService,
  ) {}

  async forUser(actor: User, now: number): Promise<Notification[]> {
    if (!policy.canReadDraft(actor.role)) return [];
    const out: Notification[] = [];
    if (policy.canReview(actor.role)) {
      // Summaries only; archived pages and revisions this reviewer reviewed are not in the queue.
      for (const { revision, page, coAuthored } of await this.reviews.queue(actor)) {
        if (coAuthored) continue;
        out.push({
          kind: 'review_requested',
          pageId: page.id,
          pageTitle: page.title,
          revisionId: revision.id,
          text: `Revision ${revision.seq} of “${page.title}” is waiting for your review`,
          createdAt: revision.createdAt,
        });
      }
    }
    for (const page of await this.pages.listPages()) {
      if (page.archivedAt !== null) continue;
      const revisions = await this.revisions.listRevisionSummaries(page.id);
      const latestMine = revisions.find((r) => r.authors.includes(actor.id));
      if (latestMine?.state === 'changes_requested') {
        out.push({
          kind: 'changes_requested',
          pageId: page.id,
          pageTitle: page.title,
          revisionId: latestMine.id,
          text: `Changes were requested on revision ${latestMine.seq} of “${page.title}”`,
          createdAt: latestMine.createdAt,
        });
      } else if (
        latestMine?.state === 'approved' &&
        page.publishedAt !== null &&
        now - page.publishedAt < RECENT_MS
      ) {
        out.push({
          kind: 'revision_published',
          pageId: page.id,
          pageTitle: page.title,
          revisionId: latestMine.id,
          text: `Your revision ${latestMine.seq} of “${page.title}” was signed off and published`,
          createdAt: page.publishedAt,
        });
      }
      const wrote = page.createdBy === actor.id || revisions.some((r) => r.authors.includes(actor.id));
      for (const thread of await this.threads.listThreads(page.id)) {
        const last = thread.comments.at(-1);
        const involved = wrote || thread.comments.some((c) => c.authorId === actor.id);
        if (thread.status !== 'open' || !last || last.authorId === actor.id || !involved) continue;
        out.push({
          kind: 'comment_reply',
          pageId: page.id,
          pageTitle: page.title,
          threadId: thread.id,
          text: `New comment on “${thread.quote.slice(0, 60)}” in “${page.title}”`,
          createdAt: last.createdAt,
        });
      }
    }
    return out.sort((a, b) => b.createdAt - a.createdAt);
  }
}
