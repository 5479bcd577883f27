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
    // Counted before the password is verified: concurrent guesses cannot outrun the count.
    const attempt = await ctx.throttle.begin(email, clientIp(req));
    let signedIn;
    try {
      signedIn = await ctx.auth.login(email, password, readSessionSecret(req.headers.cookie), clientIp(req));
    } catch (err: unknown) {
      // A wrong password stays counted; anything else was not a guess.
      if (!(err instanceof DomainError && err.code === 'unauthenticated')) await attempt.abandoned();
      throw err;
    }
    await attempt.succeeded();
    setSessionCookie(res, signedIn.sessionSecret, cookieOpts);
    ctx.logger.info({ userId: signedIn.user.id }, 'signed in');
    res.json({ user: toUserView(signedIn.user) });
  });

  router.post('/auth/logout', async (req, res) => {
    await ctx.auth.logout(readSessionSecret(req.headers.cookie), clientIp(req));
    clearSessionCookie(res, ctx.config.cookieSecure);
    res.status(204).end();
  });

  router.get('/me', async (_req, res) => {
    const user = currentUser(res);
    res.json({ ...toUserView(user), acknowledgedVersion: await ctx.guidelines.acknowledgedVersion(user.id) });
  });

  router.get('/setup', async (_req, res) => {
    res.json({ needed: await ctx.users.needsSetup() });
  });

  router.post('/setup', async (req, res) => {
    const { token, ...input } = SetupRequest.parse(req.body);
    const user = await ctx.users.completeSetup(token, input);
    setSessionCookie(res, (await ctx.auth.signInAfterSetup(user, clientIp(req))).secret, cookieOpts);
    ctx.logger.info({ userId: user.id }, 'first admin created through the setup link');
    res.status(201).json({ user: toUserView(user) });
  });

  return router;
}
