import { DomainError, forbidden, notFound, policy, recordAudit, type Collection } from '@rounds/domain';
import { displayText, LIMITS } from '@rounds/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { presentCollection, presentCollections } from '../presenters/collectionPresenter.ts';
import { currentUser } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });
const description = z.union([z.literal(''), displayText(LIMITS.descriptionMax)]);
const requiredApprovals = z.number().int().min(1).max(10);
const reviewValidDays = z.number().int().min(1).max(3650);
const reviewerIds = z.array(z.string().min(1).max(100)).max(200);
const CollectionFields = z.object({
  name: displayText(LIMITS.groupNameMax),
  description: description.default(''),
  requiredApprovals: requiredApprovals.default(1),
  reviewValidDays: reviewValidDays.default(365),
  reviewerIds: reviewerIds.default([]),
});
// No defaults here: a field left out of a PATCH keeps its value (defaults would reset it).
const CollectionPatch = z
  .object({
    name: displayText(LIMITS.groupNameMax),
    description,
    requiredApprovals,
    reviewValidDays,
    reviewerIds,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
const PageCollection = z.object({ collectionId: z.string().min(1).max(100).nullable() });
/** Collections (topic areas with reviewers and review policy): admin territory. */
export function governanceRoutes(ctx: HttpContext): Router {
  const router = Router();
  const requireAdmin = (res: Parameters<typeof currentUser>[0]) => {
    const actor = currentUser(res);
    if (!policy.canManageUsers(actor.role)) throw forbidden('Only admins manage collections');
    return actor;
  };

  router.get('/collections', async (_req, res) => {
    const actor = currentUser(res);
    const [collections, pages] = await Promise.all([
      ctx.storage.collections.listCollections(),
      ctx.storage.pages.listPages(),
    ]);
    res.json({ collections: presentCollections(actor.role, collections, pages) });
  });

  router.post('/collections', async (req, res) => {
    const actor = requireAdmin(res);
    const fields = CollectionFields.parse(req.body);
    const collection: Collection = { id: crypto.randomUUID(), createdAt: ctx.clock.now(), ...fields };
    try {
      await ctx.storage.collections.insertCollection(collection);
    } catch {
      throw new DomainError('conflict', 'A collection with this name exists');
    }
    await recordAudit(
      ctx.storage.audit,
      ctx.clock,
      actor.id,
      'collection.created',
      `collection:${collection.id}`,
      fields,
    );
    res.status(201).json(presentCollection(collection, 0));
  });

  router.patch('/collections/:id', async (req, res) => {
    const actor = requireAdmin(res);
    const { id } = IdParam.parse(req.params);
    const patch = CollectionPatch.parse(req.body);
    const updated = await ctx.storage.collections.updateCollection(id, patch);
    if (!updated) throw notFound('Collection');
    const pageCount = (await ctx.storage.pages.listPages()).filter(
      (p) => p.collectionId === id && p.archivedAt === null,
    ).length;
    await recordAudit(
      ctx.storage.audit,
      ctx.clock,
      actor.id,
      'collection.updated',
      `collection:${id}`,
      patch,
    );
    res.json(presentCollection(updated, pageCount));
  });

  router.put('/pages/:id/collection', async (req, res) => {
    // Admins only: moving a page between collections changes who may sign it off.
    const actor = requireAdmin(res);
    const { id } = IdParam.parse(req.params);
    const { collectionId } = PageCollection.parse(req.body);
    const page = await ctx.lifecycle.moveToCollection(actor, id, collectionId);
    res.json({ id: page.id, collectionId: page.collectionId });
  });

  return router;
}
