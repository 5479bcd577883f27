import { AcknowledgeRequest, UpdateGuidelinesRequest } from '@rounds/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { currentUser } from '../session.ts';

const PreviewRequest = z.object({ markdown: z.string() });

/** The guidelines for professional conduct online and their acknowledgement. */
export function guidelineRoutes(ctx: HttpContext): Router {
  const router = Router();

  router.get('/guidelines', async (_req, res) => {
    currentUser(res);
    res.json(await ctx.guidelines.get());
  });

  router.put('/guidelines', async (req, res) => {
    const actor = currentUser(res);
    const published = await ctx.guidelines.update(actor, UpdateGuidelinesRequest.parse(req.body));
    ctx.logger.info(
      { actorId: actor.id, version: published.version, enforce: published.enforce },
      'guidelines updated',
    );
    res.json(published);
  });

  router.post('/guidelines/preview', (req, res) => {
    const { markdown } = PreviewRequest.parse(req.body);
    res.json({ html: ctx.guidelines.preview(currentUser(res), markdown) });
  });

  router.post('/me/acknowledge', async (req, res) => {
    const actor = currentUser(res);
    await ctx.guidelines.acknowledge(actor, AcknowledgeRequest.parse(req.body).version);
    res.status(204).end();
  });

  return router;
}
