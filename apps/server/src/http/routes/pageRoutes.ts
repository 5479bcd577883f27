import { renderHtml } from '@rounds/editor/server';
import type { ContentVersion } from '@rounds/domain';
import { ContentQuery, CreatePageRequest } from '@rounds/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { currentUser } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });

function parseVersion(version: string): ContentVersion {
  return version === 'draft' || version === 'published' ? version : { revisionId: version };
}

export function pageRoutes(ctx: HttpContext): Router {
  const router = Router();

  router.post('/pages', async (req, res) => {
    const actor = currentUser(res);
    const { title } = CreatePageRequest.parse(req.body);
    const page = await ctx.pages.createPage(actor, title);
    ctx.logger.info({ actorId: actor.id, pageId: page.id }, 'page created');
    res.status(201).json({ id: page.id, slug: page.slug, title: page.title });
  });

  router.get('/pages', async (_req, res) => {
    res.json({ pages: await ctx.pages.listPages(currentUser(res)) });
  });

  router.get('/pages/:id', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    res.json(await ctx.pages.describePage(currentUser(res), id));
  });

  router.get('/pages/:id/content', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const query = ContentQuery.parse(req.query);
    const version = parseVersion(query.version);
    const { revisionId, draft } = await ctx.pages.readContent(actor, id, version);
    res.setHeader('Cache-Control', 'private, no-store');
    if (query.format === 'text') {
      res.type('text/plain; charset=utf-8').send(draft.text);
    } else if (query.format === 'html') {
      res.type('text/html; charset=utf-8').send(renderHtml(draft.doc as Parameters<typeof renderHtml>[0]));
    } else {
      res.json({
        version: version === 'draft' || version === 'published' ? version : version.revisionId,
        revisionId,
        doc: draft.doc,
      });
    }
  });

  return router;
}
