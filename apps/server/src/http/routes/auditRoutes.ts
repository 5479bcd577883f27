import { forbidden, policy, verifyAuditChain } from '@rounds/domain';
import { Router } from 'express';
import type { HttpContext } from '../context.ts';
import { parseAuditQuery } from '../auditQuery.ts';
import { presentAuditEntry } from '../presenters/auditPresenter.ts';
import { currentUser } from '../session.ts';

/** Entries hashed per step of a verification; one step stays well under 50 ms of loop time. */
const VERIFY_PAGE = 200;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The audit log, for admins: a filtered list and the chain's verification. */
export function auditRoutes(ctx: HttpContext): Router {
  const router = Router();
  const requireAdmin = (res: Parameters<typeof currentUser>[0]): void => {
    if (!policy.canManageUsers(currentUser(res).role)) throw forbidden('Only admins read the audit log');
  };

  router.get('/audit', async (req, res) => {
    requireAdmin(res);
    const found = await ctx.storage.audit.search(parseAuditQuery(req.query));
    // `next`: the `before` (newest first) or `after` (oldest first) of the following page.
    res.json({ entries: found.entries.map(presentAuditEntry), next: found.next });
  });

  router.get('/audit/verify', async (_req, res) => {
    requireAdmin(res);
    const result = await verifyAuditChain((after, limit) => ctx.storage.audit.list(after, limit), {
      pageSize: VERIFY_PAGE,
      head: () => ctx.storage.audit.head(),
      pause: nextTurn,
    });
    // `brokenAt` is the name this answer had before the contract's `firstBadSeq`; kept for old scripts.
    res.json(result.ok ? result : { ...result, brokenAt: result.firstBadSeq });
  });

  return router;
}
