import { forbidden, policy } from '@rounds/domain';
import { PurgeTextRequest, type PurgeTextResponse } from '@rounds/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { currentUser } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });

/** `POST /api/pages/:id/purge` (admin): removes a text from the page's whole history. */
export function purgeRoutes(ctx: HttpContext): Router {
  const router = Router();

  router.post('/pages/:id/purge', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    // Refused before the body is read: whoever may not purge learns nothing from validation.
    if (!policy.canPurgeText(actor.role)) throw forbidden('Only an admin can purge text from history');
    const input = PurgeTextRequest.parse(req.body);
    const started = performance.now();
    const { updatesRewritten, revisionsPurged, disk } = await ctx.purge.purge(actor, id, input);
    // Ids and counts only: never the text.
    ctx.logger.info(
      {
        actorId: actor.id,
        pageId: id,
        updatesRewritten,
        revisionsPurged,
        vacuumed: disk.vacuumed,
        diskMs: disk.ms,
        diskScrubPending: disk.pending,
        ms: Math.round(performance.now() - started),
      },
      'page purged',
    );
    res.json({
      updatesRewritten,
      revisionsPurged,
      ...(disk.pending ? { diskScrubPending: true } : {}),
    } satisfies PurgeTextResponse);
  });

  return router;
}
