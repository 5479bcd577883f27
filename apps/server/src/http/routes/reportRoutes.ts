import { CreateReportRequest, ReportStateFilter, ResolveReportRequest } from '@rounds/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { presentReport } from '../presenters/reportPresenter.ts';
import { currentUser } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });
const ListQuery = z.object({ state: ReportStateFilter });

/** Reports of comments and passages, and the faculty moderation queue. */
export function reportRoutes(ctx: HttpContext): Router {
  const router = Router();

  router.post('/reports', async (req, res) => {
    const actor = currentUser(res);
    const report = await ctx.reports.create(actor, CreateReportRequest.parse(req.body));
    ctx.logger.info({ actorId: actor.id, reportId: report.id, reason: report.reason }, 'report filed');
    res.status(201).json({ id: report.id });
  });

  router.get('/reports', async (req, res) => {
    const actor = currentUser(res);
    const { state } = ListQuery.parse(req.query);
    const reports = await ctx.reports.list(actor, state);
    res.json({ reports: reports.map((r) => presentReport(r, actor)) });
  });

  router.get('/reports/count', async (_req, res) => {
    res.json({ open: await ctx.reports.countOpen(currentUser(res)) });
  });

  router.get('/reports/mine', async (_req, res) => {
    const actor = currentUser(res);
    const reports = await ctx.reports.mine(actor);
    res.json({ reports: reports.map((r) => presentReport(r, actor)) });
  });

  router.post('/reports/:id/resolve', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const report = await ctx.reports.resolve(actor, id, ResolveReportRequest.parse(req.body));
    ctx.logger.info(
      { actorId: actor.id, reportId: id, action: report.resolution?.action },
      'report resolved',
    );
    res.json({ id, state: report.state, action: report.resolution?.action ?? null });
  });

  return router;
}
