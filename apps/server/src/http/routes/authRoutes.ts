import { DomainError, toUserView } from '@rounds/domain';
import { LoginRequest, SetupRequest } from '@rounds/shared';
import { Router } from 'express';
import type { HttpContext } from '../context.ts';
import {
  clearSessionCookie,
  clientIp,
  currentUser,
  readSessionSecret,
  setSessionCookie,
} from '../session.ts';

export function authRoutes(ctx: HttpContext): Router {
  const router = Router();
  const cookieOpts = { secure: ctx.config.cookieSecure, maxAgeMs: ctx.config.session.absoluteTimeoutMs };

  router.post('/auth/login', async (req, res) => {
    const { email, password } = LoginRequest.parse(req.body);
    const ip = clientIp(req);
    await ctx.throttle.check(email, ip);
    try {
      const { user, sessionSecret } = await ctx.auth.login(
        email,
        password,
        readSessionSecret(req.headers.cookie),
      );
      await ctx.throttle.recordSuccess(email, ip);
      setSessionCookie(res, sessionSecret, cookieOpts);
      ctx.logger.info({ userId: user.id }, 'signed in');
      res.json({ user: toUserView(user) });
    } catch (err: unknown) {
      if (err instanceof DomainError && err.code === 'unauthenticated')
        await ctx.throttle.recordFailure(email, ip);
      throw err;
    }
  });

  router.post('/auth/logout', async (req, res) => {
    await ctx.auth.logout(readSessionSecret(req.headers.cookie));
    clearSessionCookie(res, ctx.config.cookieSecure);
    res.status(204).end();
  });

  router.get('/me', (_req, res) => {
    res.json(toUserView(currentUser(res)));
  });

  router.get('/setup', async (_req, res) => {
    res.json({ needed: await ctx.users.needsSetup() });
  });

  router.post('/setup', async (req, res) => {
    const { token, ...input } = SetupRequest.parse(req.body);
    const user = await ctx.users.completeSetup(token, input);
    setSessionCookie(res, await ctx.auth.startSession(user.id), cookieOpts);
    ctx.logger.info({ userId: user.id }, 'first admin created through the setup link');
    res.status(201).json({ user: toUserView(user) });
  });

  return router;
}
