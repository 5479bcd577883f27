import { citedOrder } from '@rounds/editor';
import { renderPageHtml } from '@rounds/editor/server';
import { forbidden, policy, SlidingWindowLimit, type ContentVersion } from '@rounds/domain';
import { ContentQuery, CreatePageRequest, RenamePageRequest } from '@rounds/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { currentUser } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });
const ListQuery = z.object({ archived: z.enum(['true', 'false']).default('false') });

function parseVersion(version: string): ContentVersion {
  return version === 'draft' || version === 'published' ? version : { revisionId: version };
}

export function pageRoutes(ctx: HttpContext): Router {
  const router = Router();

  // Per person, in memory: creating pages in a loop (or squatting slugs) costs an hour's budget.
  const creates = new SlidingWindowLimit(
    {
      limit: ctx.config.limits.pageCreatesPerHour,
      windowMs: 3_600_000,
      message: `You can create at most ${ctx.config.limits.pageCreatesPerHour} pages an hour; try again later`,
    },
    ctx.clock,
  );

  router.post('/pages', async (req, res) => {
    const actor = currentUser(res);
    const { title } = CreatePageRequest.parse(req.body);
    if (!policy.canCreatePage(actor.role)) throw forbidden('Your role cannot create pages');
    creates.take(actor.id);
    const page = await ctx.pages.createPage(actor, title);
    ctx.logger.info({ actorId: actor.id, pageId: page.id }, 'page created');
    res.status(201).json({ id: page.id, slug: page.slug, title: page.title });
  });

  router.get('/pages', async (req, res) => {
    const { archived } = ListQuery.parse(req.query);
    res.json({ pages: await ctx.pages.listPages(currentUser(res), { archived: archived === 'true' }) });
  });

  router.patch('/pages/:id', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const { title } = RenamePageRequest.parse(req.body);
    const page = await ctx.lifecycle.rename(actor, id, title);
    ctx.logger.info({ actorId: actor.id, pageId: page.id }, 'page renamed');
    res.json({ id: page.id, slug: page.slug, title: page.title });
  });

  for (const action of ['archive', 'unarchive'] as const) {
    router.post(`/pages/:id/${action}`, async (req, res) => {
      const actor = currentUser(res);
      const { id } = IdParam.parse(req.params);
      const page = await ctx.lifecycle[action](actor, id);
      ctx.logger.info({ actorId: actor.id, pageId: page.id }, `page ${action}d`);
      res.json(await ctx.pages.describePage(actor, page.id));
    });
  }

  router.get('/pages/:id', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const view = await ctx.pages.describePage(currentUser(res), id);
    // Who signed off the published revision, for "Reviewed by … on …".
    const approvals = view.publishedRevisionId
      ? (await ctx.storage.revisions.listReviews([view.publishedRevisionId])).filter(
          (r) => r.decision === 'approve',
        )
      : [];
    const reviewedBy = [];
    for (const r of approvals) {
      reviewedBy.push({
        id: r.reviewerId,
        name: (await ctx.storage.users.findUserById(r.reviewerId))?.name ?? 'Former user',
      });
    }
    res.json({ ...view, reviewedBy });
  });

  /** Block hashes of the published revision, so the editor can mark unreviewed blocks as people type. */
  router.get('/pages/:id/published-blocks', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const actor = currentUser(res);
    if (!policy.canReadDraft(actor.role)) throw forbidden('Review marks are for editors');
    const page = await ctx.pages.getPage(actor, id);
    const published = page.publishedRevisionId
      ? await ctx.storage.revisions.findRevision(page.publishedRevisionId)
      : null;
    res.json({
      revisionId: published?.id ?? null,
      blocks: (published?.blocks ?? []).map((b) => ({ id: b.id, hash: b.hash })),
    });
  });

  router.get('/pages/:id/content', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const query = ContentQuery.parse(req.query);
    const version = parseVersion(query.version);
    const content = await ctx.pages.readContent(actor, id, version);
    res.setHeader('Cache-Control', 'private, no-store');
    if (query.format === 'text') {
      res.type('text/plain; charset=utf-8').send(content.text);
    } else if (query.format === 'html') {
      const doc = content.doc as Parameters<typeof renderPageHtml>[0];
      // A revision shows the references it was submitted with (its snapshot), the draft the
      // library's; only cited references are listed, so only they are formatted.
      const references = await ctx.references.shownIn(id, content.revisionId, new Set(citedOrder(doc)));
      res.type('text/html; charset=utf-8').send(renderPageHtml(doc, references));
    } else {
      res.json({
        version: version === 'draft' || version === 'published' ? version : version.revisionId,
        revisionId: content.revisionId,
        title: content.title,
        doc: content.doc,
      });
    }
  });

  return router;
}
