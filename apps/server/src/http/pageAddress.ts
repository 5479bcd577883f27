import { DomainError, policy, type PageService, type User } from '@rounds/domain';
import type { RequestHandler } from 'express';

const PAGE_PATH = /^\/pages\/([^/?]+)(.*)$/s;

/**
 * Every `/pages/:ref…` route names pages by id, but people follow links with slugs, current or
 * from before a rename. This rewrites the URL to the page's id before any route sees it, so every
 * page route (and the ones added later) accepts any slug the page ever had and works on its id.
 * Refs that name no page pass through untouched (the routes answer 404 as before). Learners (and
 * anonymous requests) follow only published slugs: a slug from an unreviewed rename is no address
 * for them.
 */
export function canonicalPageUrl(pages: PageService): RequestHandler {
  return async (req, res, next) => {
    const match = PAGE_PATH.exec(req.url);
    const raw = match?.[1];
    if (!raw) return next();
    let ref: string;
    try {
      ref = decodeURIComponent(raw);
    } catch {
      return next();
    }
    if (ref.length > 100) return next();
    const user = res.locals.user as User | undefined;
    const page = await pages.resolvePage(ref, user !== undefined && policy.canReadDraft(user.role));
    if (page && page.id !== ref) req.url = `/pages/${encodeURIComponent(page.id)}${match[2] ?? ''}`;
    next();
  };
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What may still be done to an archived page: restore it (archive answers 409), move it. */
const ALLOWED_WHEN_ARCHIVED = new Set(['/archive', '/unarchive', '/collection', '/purge']);

const archived = (): DomainError =>
  new DomainError('conflict', 'This page is archived; restore it to change it');

/**
 * An archived page is read-only: every state-changing request under `/pages/:id` (draft edits,
 * revisions, references, threads, rename) and on one of its revisions (reviews, restores) answers
 * 409 until it is restored. Runs after the learner gate, for signed-in people only (anonymous
 * requests get their 401 from the route, never a hint that the page exists).
 */
export function archivedPageGuard(pages: PageService): RequestHandler {
  return async (req, res, next) => {
    if (READS.has(req.method) || !(res.locals.user as User | undefined)) return next();
    const page = await pages.resolvePage(String(req.params.id));
    if (page?.archivedAt != null && !ALLOWED_WHEN_ARCHIVED.has(req.path.replace(/\/+$/, ''))) {
      throw archived();
    }
    next();
  };
}

/**
 * The same for writes on what belongs to a page (`/revisions/:id…`: sign-offs, restores;
 * `/threads/:id…`: comments, resolve): `pageOf` names the page of the id in the URL.
 */
export function archivedChildGuard(
  pages: PageService,
  pageOf: (id: string) => Promise<string | null>,
): RequestHandler {
  return async (req, res, next) => {
    if (READS.has(req.method) || !(res.locals.user as User | undefined)) return next();
    const pageId = await pageOf(String(req.params.id));
    const page = pageId ? await pages.resolvePage(pageId) : null;
    if (page?.archivedAt != null) throw archived();
    next();
  };
}
