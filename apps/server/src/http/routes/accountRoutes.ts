import { DomainError } from '@rounds/domain';
import {
  ChangePasswordRequest,
  ResetCheckRequest,
  ResetPasswordRequest,
  type ResetCheckView,
  type ResetLinkView,
} from '@rounds/shared';
import { Router, type Request } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { HttpContext } from '../context.ts';
import { publicOrigin } from '../publicOrigin.ts';
import { clientIp, currentUser, readSessionSecret } from '../session.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });

/** Reset link requests (check and use together) per address: a page load and a submit are two. */
const RESET_POINTS_PER_IP = 30;
const RESET_WINDOW_S = 15 * 60;

const iso = (ms: number): string => new Date(ms).toISOString();

/** Accounts (CONTRACT "Accounts"): own password change, admin reset links, using a reset link. */
export function accountRoutes(ctx: HttpContext): Router {
  const router = Router();
  const resetLimiter = new RateLimiterMemory({
    keyPrefix: 'password_reset_ip',
    points: RESET_POINTS_PER_IP,
    duration: RESET_WINDOW_S,
  });
  const limitResets = async (req: Request): Promise<void> => {
    try {
      await resetLimiter.consume(clientIp(req));
    } catch (err: unknown) {
      const retryMs = err instanceof RateLimiterRes ? err.msBeforeNext : RESET_WINDOW_S * 1000;
      throw new DomainError('rate_limited', 'Too many reset attempts; try again later', {
        retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)),
      });
    }
  };

  router.post('/me/password', async (req, res) => {
    const user = currentUser(res);
    const { currentPassword, newPassword } = ChangePasswordRequest.parse(req.body);
    // A wrong current password is a password guess: counted with sign-in attempts, before verifying.
    const attempt = await ctx.throttle.begin(user.email, clientIp(req));
    try {
      await ctx.accounts.changePassword(
        readSessionSecret(req.headers.cookie) ?? '',
        currentPassword,
        newPassword,
      );
    } catch (err: unknown) {
      if (!(err instanceof DomainError && err.code === 'unauthenticated')) await attempt.abandoned();
      throw err;
    }
    await attempt.succeeded();
    ctx.logger.info({ userId: user.id }, 'password changed');
    res.status(204).end();
  });

  router.post('/users/:id/reset-link', async (req, res) => {
    const actor = currentUser(res);
    const { id } = IdParam.parse(req.params);
    const link = await ctx.accounts.issueResetLink(actor, id);
    const url = `${publicOrigin(ctx.config, req)}/reset?token=${encodeURIComponent(link.token)}`;
    ctx.logger.info({ actorId: actor.id, userId: id }, 'reset link issued');
    const body: ResetLinkView = { url, expiresAt: iso(link.expiresAt) };
    res.status(201).json(body);
  });

  router.post('/auth/reset/check', async (req, res) => {
    await limitResets(req);
    const { token } = ResetCheckRequest.parse(req.body);
    const found = await ctx.accounts.checkResetLink(token);
    const body: ResetCheckView = { email: found.email, expiresAt: iso(found.expiresAt) };
    res.json(body);
  });

  router.post('/auth/reset', async (req, res) => {
    await limitResets(req);
    const { token, password } = ResetPasswordRequest.parse(req.body);
    await ctx.accounts.resetPassword(token, password);
    ctx.logger.info('password set through a reset link');
    res.status(204).end();
  });

  return router;
}
