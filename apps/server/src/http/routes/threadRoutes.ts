import { policy, type CommentThread, type ThreadComment, type User } from '@rounds/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { currentUser } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });
// Lengths are checked by the domain (413 for too long); here only shape and type.
const StartThread = z.object({
  anchor: z.object({ start: z.string().min(1), end: z.string().min(1) }),
  quote: z.string().default(''),
  body: z.string(),
});
const Reply = z.object({ body: z.string() });

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * A comment as `viewer` may see it: a comment faculty hid after a report reaches non-faculty
 * without its text (`hidden: true`, body empty); faculty get the text and the reason.
 */
const commentView = (c: ThreadComment, viewer: User) => {
  const base = { id: c.id, authorId: c.authorId, createdAt: iso(c.createdAt) };
  if (!c.hidden) return { ...base, body: c.body, hidden: false };
  if (!policy.canReview(viewer.role)) return { ...base, body: '', hidden: true };
  return {
    ...base,
    body: c.body,
    hidden: true,
    hiddenReason: c.hidden.reason,
    hiddenBy: c.hidden.by,
    hiddenAt: iso(c.hidden.at),
  };
};

const threadView = (t: CommentThread, viewer: User) => ({
  id: t.id,
  pageId: t.pageId,
  anchor: { start: t.anchorStart, end: t.anchorEnd },
  quote: t.quote,
  status: t.status,
  createdBy: t.createdBy,
  createdAt: iso(t.createdAt),
  resolvedBy: t.resolvedBy,
  resolvedAt: iso(t.resolvedAt),
  comments: t.comments.map((c) => commentView(c, viewer)),
});

/** Comment threads anchored to text of the draft, and the derived notification list. */
export function threadRoutes(ctx: HttpContext): Router {
  const router = Router();

  router.get('/pages/:id/threads', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const viewer = currentUser(res);
    const threads = await ctx.comments.list(viewer, id);
    const ids = threads.flatMap((t) => [
      t.createdBy,
      ...(t.resolvedBy ? [t.resolvedBy] : []),
      ...t.comments.map((c) => c.authorId),
    ]);
    const people: Record<string, string> = {};
    for (const uid of new Set(ids))
      people[uid] = (await ctx.storage.users.findUserById(uid))?.name ?? 'Former user';
    res.json({ threads: threads.map((t) => threadView(t, viewer)), people });
  });

  router.post('/pages/:id/threads', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const input = StartThread.parse(req.body);
    const thread = await ctx.comments.start(actor, id, {
      anchorStart: input.anchor.start,
      anchorEnd: input.anchor.end,
      quote: input.quote,
      body: input.body,
    });
    ctx.logger.info({ actorId: actor.id, pageId: id, threadId: thread.id }, 'thread started');
    res.status(201).json(threadView(thread, actor));
  });

  router.post('/threads/:id/comments', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const comment = await ctx.comments.reply(actor, id, Reply.parse(req.body).body);
    res.status(201).json(commentView(comment, actor));
  });

  for (const [action, status] of [
    ['resolve', 'resolved'],
    ['reopen', 'open'],
  ] as const) {
    router.post(`/threads/:id/${action}`, async (req, res) => {
      const actor = currentUser(res);
      const { id } = IdParam.parse(req.params);
      res.json(threadView(await ctx.comments.setStatus(actor, id, status), actor));
    });
  }

  router.get('/notifications', async (_req, res) => {
    const list = await ctx.notifications.forUser(currentUser(res), ctx.clock.now());
    res.json({ notifications: list.map((n) => ({ ...n, createdAt: iso(n.createdAt) })) });
  });

  return router;
}
