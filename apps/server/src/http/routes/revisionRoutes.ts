import {
  DomainError,
  forbidden,
  MIN_JUSTIFICATION,
  policy,
  type Review,
  type RevisionSummary,
  type User,
  SlidingWindowLimit,
} from '@rounds/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { currentUser } from '../session.ts';
import {
  cachedDiffJson,
  citedIds,
  diffCacheKey,
  presentDiffJson,
  type DiffSide,
} from '../presenters/diffPresenter.ts';

const Id = z.string().min(1).max(100);
const IdParam = z.object({ id: Id });
/** Longer review comments are refused with 413 rather than truncated. */
export const COMMENT_MAX = 5_000;
const SubmitRequest = z
  .object({
    message: z.string().max(1_000).default(''),
    /** Faculty/admin: submit despite likely patient identifiers (docs/phi.md). */
    acknowledgePhi: z.boolean().optional(),
    justification: z.string().max(2_000).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.acknowledgePhi && (value.justification ?? '').trim().length < MIN_JUSTIFICATION) {
      ctx.addIssue({
        code: 'custom',
        path: ['justification'],
        message: `A justification of at least ${MIN_JUSTIFICATION} characters is required to acknowledge patient identifiers`,
      });
    }
  });
const ReviewRequest = z.object({
  decision: z.enum(['approve', 'request_changes']),
  comment: z.string().default(''),
  contentHash: z.string().max(128).optional(),
});
const DiffQuery = z.object({ from: Id.default('published'), to: Id.default('draft') });

const iso = (ms: number): string => new Date(ms).toISOString();

export const reviewView = (r: Review) => ({
  id: r.id,
  reviewerId: r.reviewerId,
  decision: r.decision,
  comment: r.comment,
  contentHash: r.contentHash,
  createdAt: iso(r.createdAt),
});

export const revisionView = (r: RevisionSummary, reviews: Review[]) => ({
  id: r.id,
  pageId: r.pageId,
  seq: r.seq,
  createdAt: iso(r.createdAt),
  createdBy: r.createdBy,
  authors: r.authors,
  message: r.message,
  contentHash: r.contentHash,
  state: r.state,
  /** When an admin purged text from this revision (null: never); shown as a "purged" badge. */
  purgedAt: r.purgedAt ? iso(r.purgedAt) : null,
  reviews: reviews.filter((v) => v.revisionId === r.id).map(reviewView),
});

/** Display names for the user ids a response mentions, so clients need no user directory. */
async function peopleOf(ctx: HttpContext, ids: Iterable<string>): Promise<Record<string, string>> {
  const people: Record<string, string> = {};
  for (const id of new Set(ids))
    people[id] = (await ctx.storage.users.findUserById(id))?.name ?? 'Former user';
  return people;
}

export function revisionRoutes(ctx: HttpContext): Router {
  const router = Router();

  // Every submission stores the draft in full (doc, text, blocks, Yjs state): budgets per person
  // and per person and page, in memory (docs/decisions.md, "Queue and write budgets").
  const { submissionsPerHour, submissionsPerPagePerMinute } = ctx.config.limits;
  const submissionsByPerson = new SlidingWindowLimit(
    {
      limit: submissionsPerHour,
      windowMs: 3_600_000,
      message: `You can submit at most ${submissionsPerHour} revisions an hour; try again later`,
    },
    ctx.clock,
  );
  const submissionsByPage = new SlidingWindowLimit(
    {
      limit: submissionsPerPagePerMinute,
      windowMs: 60_000,
      message: `You can submit at most ${submissionsPerPagePerMinute} revisions of one page a minute; try again shortly`,
    },
    ctx.clock,
  );

  router.post('/pages/:id/revisions', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const { message, acknowledgePhi, justification } = SubmitRequest.parse(req.body ?? {});
    if (!policy.canEditDraft(actor.role)) throw forbidden('Your role cannot submit revisions');
    // Both budgets checked, then both taken, in one synchronous step.
    const pageKey = `${actor.id}\n${id}`;
    submissionsByPerson.check(actor.id);
    submissionsByPage.check(pageKey);
    submissionsByPerson.take(actor.id);
    submissionsByPage.take(pageKey);
    const revision = await ctx.revisions.submit(actor, id, { message, acknowledgePhi, justification });
    ctx.logger.info({ actorId: actor.id, pageId: id, revisionId: revision.id }, 'revision submitted');
    res
      .status(201)
      .json({ id: revision.id, seq: revision.seq, contentHash: revision.contentHash, state: revision.state });
  });

  router.get('/pages/:id/revisions', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const revisions = await ctx.revisions.list(currentUser(res), id);
    const reviews = await ctx.storage.revisions.listReviews(revisions.map((r) => r.id));
    const ids = [
      ...revisions.flatMap((r) => [r.createdBy, ...r.authors]),
      ...reviews.map((r) => r.reviewerId),
    ];
    res.json({ revisions: revisions.map((r) => revisionView(r, reviews)), people: await peopleOf(ctx, ids) });
  });

  router.post('/revisions/:id/reviews', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const input = ReviewRequest.parse(req.body);
    if (input.comment.length > COMMENT_MAX) {
      throw new DomainError('too_large', `A review comment may have at most ${COMMENT_MAX} characters`);
    }
    const outcome = await ctx.reviews.review(actor, id, input);
    ctx.logger.info(
      { actorId: actor.id, revisionId: id, decision: input.decision, published: outcome.published },
      'review recorded',
    );
    res.status(201).json({
      review: reviewView(outcome.review),
      revision: { id: outcome.revision.id, state: outcome.revision.state },
      published: outcome.published,
    });
  });

  router.post('/revisions/:id/restore', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const revision = await ctx.revisions.restore(actor, id);
    ctx.logger.info({ actorId: actor.id, revisionId: id }, 'revision restored as draft');
    res.json({ restored: revision.id, pageId: revision.pageId });
  });

  router.get('/pages/:id/diff', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const { from, to } = DiffQuery.parse(req.query);
    if (!policy.canReadDraft(actor.role)) throw forbidden('Diffs are not visible to learners');
    const page = await ctx.pages.getPage(actor, id);
    // Two revisions: look in the cache before reading either side (their documents are big). An
    // entry exists only after both sides were read for this page, so a hit is of this page too.
    const revisionOf = (v: string): string | null =>
      v === 'draft' ? null : v === 'published' ? page.publishedRevisionId : v;
    const fromRevision = revisionOf(from);
    const toRevision = revisionOf(to);
    const hit =
      fromRevision && toRevision
        ? cachedDiffJson(diffCacheKey(page.id, from, to, fromRevision, toRevision))
        : undefined;
    if (hit !== undefined) {
      res.type('application/json').send(hit);
      return;
    }
    const side = async (version: string, emptyIfUnpublished: boolean): Promise<DiffSide | null> => {
      const v = version === 'draft' || version === 'published' ? version : { revisionId: version };
      try {
        const content = await ctx.pages.readContent(actor, id, v);
        const doc = content.doc as DiffSide['doc'];
        // A revision shows its snapshot of references, the draft the library's.
        return {
          title: content.title,
          doc,
          references: await ctx.references.shownIn(id, content.revisionId, citedIds(doc)),
          revisionId: content.revisionId,
        };
      } catch (err: unknown) {
        // Nothing published yet: the whole draft is new.
        if (
          emptyIfUnpublished &&
          version === 'published' &&
          err instanceof DomainError &&
          err.code === 'not_found'
        ) {
          await ctx.pages.getPage(actor, id);
          return null;
        }
        throw err;
      }
    };
    const before = await side(from, true);
    const after = await side(to, false);
    if (!after) throw new DomainError('not_found', 'Nothing to compare with');
    // Bounded work and size, in slices (docs/decisions.md, "Review diff bounds"); revision pairs cached.
    res.type('application/json').send(await presentDiffJson(page.id, from, to, before, after));
  });

  /**
   * For the nav badge: how many revisions this reviewer can sign off now. Summaries only (archived
   * pages and the reviewer's own reviews filtered in the query): no revision body is read.
   */
  router.get('/review/queue/count', async (_req, res) => {
    const actor = currentUser(res);
    const items = await ctx.reviews.queue(actor);
    res.json({ count: items.filter((i) => !i.coAuthored).length });
  });

  /**
   * The queue's cards, bounded: each revision's digest stored at submission (block changes and
   * uncited claims capped in number and length, the rest counted), never its body; the card
   * fetches the rich diff itself (GET /api/pages/:id/diff).
   */
  router.get('/review/queue', async (_req, res) => {
    const actor: User = currentUser(res);
    const items = await ctx.reviews.queue(actor);
    const digests = await ctx.reviews.digests(items);
    const reviews = await ctx.storage.revisions.listReviews(items.map((i) => i.revision.id));
    const ids = [...items.flatMap((i) => i.revision.authors), ...reviews.map((r) => r.reviewerId)];
    // The mix of evidence behind the revision being signed ("guideline: 2, rct: 1, unrated: 3"):
    // its snapshot of the references it cites, not the page's library as it is now.
    const evidenceByRevision = new Map<string, Record<string, number>>();
    for (const { revision } of items) {
      const mix: Record<string, number> = {};
      for (const r of await ctx.storage.references.listRevisionReferences(revision.id)) {
        const level = r.evidenceLevel ?? 'unrated';
        mix[level] = (mix[level] ?? 0) + 1;
      }
      evidenceByRevision.set(revision.id, mix);
    }
    res.json({
      items: items.map(({ revision, page, published, coAuthored }) => ({
        page: { id: page.id, title: page.title, slug: page.slug },
        revision: revisionView(revision, reviews),
        publishedRevisionId: published?.id ?? null,
        changes: digests.get(revision.id)?.changes ?? [],
        /** Changed blocks past the ones listed. */
        truncatedChanges: digests.get(revision.id)?.truncatedChanges ?? 0,
        /** Image changes among all the changes (always listed; see `DIGEST_MAX_IMAGE_CHANGES`). */
        imageChanges: digests.get(revision.id)?.imageChanges ?? 0,
        // The title this revision would publish, next to the one learners read now.
        title: { before: published?.title ?? null, after: revision.title },
        coAuthored,
        uncitedClaims: digests.get(revision.id)?.uncitedClaims ?? [],
        /** All uncited claims, listed or not. */
        uncitedClaimsTotal: digests.get(revision.id)?.uncitedClaimsTotal ?? 0,
        evidence: evidenceByRevision.get(revision.id) ?? {},
      })),
      people: await peopleOf(ctx, ids),
    });
  });

  return router;
}
