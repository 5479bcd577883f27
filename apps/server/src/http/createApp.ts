import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '@rounds/shared';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { HttpContext } from './context.ts';
import { errorHandler } from './errors.ts';
import { originCheck, requireJson } from './guards.ts';
import { accountRoutes } from './routes/accountRoutes.ts';
import { authRoutes } from './routes/authRoutes.ts';
import { pageRoutes } from './routes/pageRoutes.ts';
import { revisionRoutes } from './routes/revisionRoutes.ts';
import { threadRoutes } from './routes/threadRoutes.ts';
import { purgeRoutes } from './routes/purgeRoutes.ts';
import { referenceRoutes } from './routes/referenceRoutes.ts';
import { governanceRoutes } from './routes/governanceRoutes.ts';
import { auditRoutes } from './routes/auditRoutes.ts';
import { userRoutes } from './routes/userRoutes.ts';
import { imageRoutes } from './routes/imageRoutes.ts';
import { guidelineRoutes } from './routes/guidelineRoutes.ts';
import { reportRoutes } from './routes/reportRoutes.ts';
import { guidelinesGate } from './guidelinesGate.ts';
import { learnerPageGate } from './pageVisibility.ts';
import { archivedChildGuard, archivedPageGuard, canonicalPageUrl } from './pageAddress.ts';
import { sessionMiddleware } from './session.ts';
import { userConcurrency } from './userConcurrency.ts';
import { notFound } from '@rounds/domain';

/** Page requests one person has served at once, and waiting (past that: 429). */
const PAGE_REQUESTS_PER_PERSON = { running: 4, waiting: 200 };

/** The HTTP side of Rounds: JSON API under /api, the built web app everywhere else. */
export function createApp(ctx: HttpContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.use(
    helmet({
      hsts: ctx.config.cookieSecure,
      contentSecurityPolicy: {
        directives: {
          // Plain-http deployments (a laptop, a classroom LAN) must not have requests upgraded to https.
          upgradeInsecureRequests: ctx.config.cookieSecure ? [] : null,
          connectSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          fontSrc: ["'self'"],
          // Stylesheets and <style> only from the app itself: no injected CSS from anywhere.
          styleSrc: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  app.use((_req, res, next) => {
    res.locals.requestId = randomUUID();
    next();
  });

  const api = express.Router();
  api.use(originCheck(ctx.config.allowedOrigins));
  api.use(requireJson);
  api.use(express.json({ limit: LIMITS.jsonBodyMax, strict: true }));
  api.get('/health', (_req, res) => {
    if (ctx.ready()) res.json({ ok: true });
    else res.status(503).json({ status: 'starting' });
  });
  api.use(sessionMiddleware(ctx.auth));
  api.use(guidelinesGate(ctx.guidelines));
  api.use(canonicalPageUrl(ctx.pages));
  // Page requests of one person run a few at a time (big drafts: bounded memory and loop time).
  api.use('/pages/:id', userConcurrency(PAGE_REQUESTS_PER_PERSON));
  api.use('/pages/:id', learnerPageGate(ctx.pages));
  api.use('/pages/:id', archivedPageGuard(ctx.pages));
  api.use(
    '/revisions/:id',
    archivedChildGuard(
      ctx.pages,
      async (id) => (await ctx.storage.revisions.findRevision(id))?.pageId ?? null,
    ),
  );
  api.use(
    '/threads/:id',
    archivedChildGuard(ctx.pages, async (id) => (await ctx.storage.threads.findThread(id))?.pageId ?? null),
  );
  api.use(authRoutes(ctx));
  api.use(accountRoutes(ctx));
  api.use(userRoutes(ctx));
  api.use(pageRoutes(ctx));
  api.use(revisionRoutes(ctx));
  api.use(governanceRoutes(ctx));
  api.use(auditRoutes(ctx));
  api.use(threadRoutes(ctx));
  api.use(referenceRoutes(ctx));
  api.use(imageRoutes(ctx));
  api.use(guidelineRoutes(ctx));
  api.use(reportRoutes(ctx));
  api.use(purgeRoutes(ctx));
  api.use(() => {
    throw notFound('Route');
  });
  app.use(
    '/api',
    (_req, res, next) => {
      res.setHeader('Cache-Control', 'no-store');
      next();
    },
    api,
  );

  const dist = ctx.config.webDist;
  if (dist && existsSync(join(dist, 'index.html'))) {
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => {
      res.sendFile(join(dist, 'index.html'));
    });
  } else {
    app.get('/{*path}', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The web app is not built. Run `npm run build` (npm start does it for you).');
    });
  }

  app.use(errorHandler(ctx.logger));
  return app;
}
