import { policy, type PageService, type User } from '@rounds/domain';
import type { RequestHandler } from 'express';

/**
 * In front of every `/pages/:id…` route: a learner may only know of pages with a published
 * revision, so for any other id every page route (content, revisions, diff, references, threads,
 * published blocks, writes) answers exactly as for a page that does not exist, before the route's
 * own role checks could answer 403 and give the page away. People who read drafts pass straight on.
 */
export function learnerPageGate(pages: PageService): RequestHandler {
  return async (req, res, next) => {
    const user = res.locals.user as User | undefined;
    if (!user || policy.canReadDraft(user.role)) return next();
    await pages.getPage(user, String(req.params.id));
    next();
  };
}
