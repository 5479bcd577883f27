import { DomainError, EVIDENCE_LEVELS, type ReferenceWithUse } from '@rounds/domain';
import { Router } from 'express';
import { z } from 'zod';
import { CslItemSchema } from '../../citations/cslItemSchema.ts';
import type { HttpContext } from '../context.ts';
import { currentUser } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });
const RefParam = IdParam.extend({ refId: z.string().min(1).max(100) });

const CslRequest = z.object({ csl: CslItemSchema }).strict();
// Its length is the service's to refuse (413); the JSON body limit bounds it first.
const ImportRequest = z.object({ import: z.string().min(1) }).strict();
const LookupRequest = z.object({ lookup: z.string().trim().min(1).max(300) }).strict();
const AddRequest = z.union([CslRequest, ImportRequest, LookupRequest]);

/** The request its key names, so that a refusal names the field ("csl.DOI: …"), not "Invalid input". */
function parseAddRequest(body: unknown): z.infer<typeof AddRequest> {
  if (typeof body === 'object' && body !== null) {
    if ('csl' in body) return CslRequest.parse(body);
    if ('import' in body) return ImportRequest.parse(body);
  }
  return AddRequest.parse(body);
}
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
  const imports = new ImportTurns();

  router.get('/pages/:id/references', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    res.json({ references: (await ctx.references.list(currentUser(res), id)).map(view) });
  });

  router.post('/pages/:id/references', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const body = parseAddRequest(req.body);
    let added;
    if ('csl' in body) added = await ctx.references.addItem(actor, id, body.csl);
    else if ('import' in body)
      added = await imports.run(actor.id, () => ctx.references.import(actor, id, body.import));
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

/**
 * Fair use of the parsing workers (two for the whole server): one import in flight per person, so
 * one student sending imports that run to the time budget holds at most one worker, never both.
 */
class ImportTurns {
  private readonly busy = new Set<string>();

  async run<T>(userId: string, work: () => Promise<T>): Promise<T> {
    if (this.busy.has(userId)) {
      throw new DomainError('rate_limited', 'Wait for your previous import to finish, then try again', {
        retryAfterSeconds: 2,
      });
    }
    this.busy.add(userId);
    try {
      return await work();
    } finally {
      this.busy.delete(userId);
    }
  }
}
