import { DomainError, EVIDENCE_LEVELS, type ReferenceWithUse } from '@rounds/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { currentUser } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });
const RefParam = IdParam.extend({ refId: z.string().min(1).max(100) });

const text = z.string().max(2_000);
const name = z
  .object({
    family: z.string().max(200).optional(),
    given: z.string().max(200).optional(),
    literal: z.string().max(300).optional(),
  })
  .refine(
    (n) => n.family !== undefined || n.literal !== undefined,
    'an author needs a family name or a literal name',
  );
const date = z.object({
  'date-parts': z
    .array(
      z
        .array(z.union([z.number().int(), z.string().max(10)]))
        .min(1)
        .max(3),
    )
    .min(1)
    .max(2),
});
/** The CSL-JSON fields Rounds keeps; unknown fields are dropped, wrong types refused. */
export const CslItemSchema = z.object({
  type: z.string().max(50).default('article-journal'),
  title: z.string().trim().min(1, 'title is required').max(1_000),
  author: z.array(name).max(500).optional(),
  editor: z.array(name).max(100).optional(),
  'container-title': text.optional(),
  'container-title-short': text.optional(),
  publisher: text.optional(),
  issued: date.optional(),
  volume: z.union([z.string().max(50), z.number()]).optional(),
  issue: z.union([z.string().max(50), z.number()]).optional(),
  page: z.union([z.string().max(50), z.number()]).optional(),
  DOI: z.string().max(300).optional(),
  PMID: z.union([z.string().max(20), z.number().int()]).optional(),
  PMCID: z.string().max(20).optional(),
  URL: z.url().max(2_000).optional(),
  edition: z.union([z.string().max(50), z.number()]).optional(),
});
const AddRequest = z.union([
  z.object({ csl: CslItemSchema }).strict(),
  z.object({ import: z.string().min(1).max(200_000) }).strict(),
  z.object({ lookup: z.string().trim().min(1).max(300) }).strict(),
]);
const EvidenceRequest = z.object({ evidenceLevel: z.enum(EVIDENCE_LEVELS).nullable() });

const view = (r: ReferenceWithUse) => ({
  id: r.id,
  csl: r.csl,
  formatted: r.formatted,
  citedAs: r.citedAs,
  evidenceLevel: r.evidenceLevel,
});

/** A page's reference library (CSL-JSON, Vancouver). */
export function referenceRoutes(ctx: HttpContext): Router {
  const router = Router();

  router.get('/pages/:id/references', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    res.json({ references: (await ctx.references.list(currentUser(res), id)).map(view) });
  });

  router.post('/pages/:id/references', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const body = AddRequest.parse(req.body);
    let added;
    if ('csl' in body) added = await ctx.references.addItem(actor, id, body.csl);
    else if ('import' in body) added = await ctx.references.import(actor, id, body.import);
    else {
      const found = CslItemSchema.safeParse(await ctx.resolver.resolve(body.lookup));
      if (!found.success)
        throw new DomainError('lookup_failed', 'The lookup service returned an unusable record');
      added = await ctx.references.addItem(actor, id, found.data);
    }
    ctx.logger.info({ actorId: actor.id, pageId: id, count: added.length }, 'references added');
    res.status(201).json({ references: added.map(view) });
  });

  router.patch('/pages/:id/references/:refId', async (req, res) => {
    const { id, refId } = RefParam.parse(req.params);
    const { evidenceLevel } = EvidenceRequest.parse(req.body);
    await ctx.references.setEvidenceLevel(currentUser(res), id, refId, evidenceLevel);
    res.json({ id: refId, evidenceLevel });
  });

  router.delete('/pages/:id/references/:refId', async (req, res) => {
    const { id, refId } = RefParam.parse(req.params);
    await ctx.references.remove(currentUser(res), id, refId);
    res.status(204).end();
  });

  return router;
}
