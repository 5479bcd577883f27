import { toUserView, type User } from '@rounds/domain';
import { CreateUserRequest, UpdateUserRequest } from '@rounds/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { currentUser } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });

const adminView = (u: User) => ({
  ...toUserView(u),
  disabled: u.disabled,
  createdAt: new Date(u.createdAt).toISOString(),
});

export function userRoutes(ctx: HttpContext): Router {
  const router = Router();

  router.get('/users', async (_req, res) => {
    const users = await ctx.users.listUsers(currentUser(res));
    res.json({ users: users.map(adminView) });
  });

  router.post('/users', async (req, res) => {
    const actor = currentUser(res);
    const user = await ctx.users.createUser(actor, CreateUserRequest.parse(req.body));
    ctx.logger.info({ actorId: actor.id, userId: user.id, role: user.role }, 'user created');
    res.status(201).json(toUserView(user));
  });

  router.patch('/users/:id', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const patch = UpdateUserRequest.parse(req.body);
    // The service audits and ends the sessions (and so the sockets) a disable or role change affects.
    const user = await ctx.users.updateUser(actor, id, patch);
    ctx.logger.info({ actorId: actor.id, userId: user.id }, 'user updated');
    res.json(adminView(user));
  });

  return router;
}
