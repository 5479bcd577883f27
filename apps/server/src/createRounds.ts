import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  AccountService,
  AuthService,
  CommentService,
  ImageService,
  imagesCheck,
  GuidelineEvents,
  GuidelinesService,
  ReportService,
  ReferenceService,
  NotificationService,
  PageEvents,
  PageLifecycleService,
  PageService,
  PurgeService,
  ReviewService,
  RevisionService,
  SessionEndings,
  UserService,
  type Clock,
  type PasswordHasher,
  type Storage,
} from '@rounds/domain';
import { findUncitedClaims } from '@rounds/editor';
import type { JSONContent } from '@tiptap/core';
import { createSqliteStorage } from '@rounds/storage-sqlite';
import { CitationJsFormatter } from './citations/CitationJsFormatter.ts';
import { HttpReferenceResolver } from './citations/HttpReferenceResolver.ts';
import { CollabServer } from './collab/CollabServer.ts';
import { DocumentRegistry } from './collab/DocumentRegistry.ts';
import type { Config } from './config.ts';
import { RegistryDraftReader } from './DraftReaderAdapter.ts';
import { createApp } from './http/createApp.ts';
import { FsBlobStore } from './images/FsBlobStore.ts';
import { DEFAULT_IMAGE_LIMITS, SharpImageProcessor } from './images/SharpImageProcessor.ts';
import { renderMarkdown } from './guidelines/renderMarkdown.ts';
import { LoginThrottle } from './http/loginThrottle.ts';
import { forgetPurgedDiffs } from './http/presenters/diffPresenter.ts';
import { RegistryDraftRewriter } from './purgeAdapters.ts';
import { WorkerContentPurger } from './WorkerContentPurger.ts';
import { Argon2Hasher } from './infra/Argon2Hasher.ts';
import { nodeIds, systemClock } from './infra/nodeIds.ts';
import type { Logger } from './logger.ts';
import { phiGuard, phiScanner } from './phiGuard.ts';

export interface Rounds {
  server: Server;
  storage: Storage;
  users: UserService;
  /** Listens on config host/port; resolves with the URL actually bound (port 0 picks one). */
  listen(): Promise<string>;
  /** `/api/health` answers 503 `{status: "starting"}` until this is called (see `bootstrapRounds`). */
  markReady(): void;
  /** Stops accepting, closes sockets, flushes every document, closes storage. */
  close(): Promise<void>;
}

/** How often to touch a page's updatedAt while it is being edited. */
const TOUCH_EVERY_MS = 5_000;

/** The composition root: config → storage → domain services → HTTP + collaboration on one port. */
export function createRounds(
  config: Config,
  logger: Logger,
  options: {
    clock?: Clock;
    hasher?: PasswordHasher;
    /** Wraps the storage every service uses (tests: a store that yields between calls, like a networked one). */
    wrapStorage?: (storage: Storage) => Storage;
  } = {},
): Rounds {
  const clock = options.clock ?? systemClock;
  // Opening storage runs the migrations, before anything listens.
  const opened = createSqliteStorage(config.dataDir);
  const storage = options.wrapStorage ? options.wrapStorage(opened) : opened;
  const hasher = options.hasher ?? new Argon2Hasher();
  let ready = false;
  // Access changes: every use case that ends sessions announces it here; the collab server listens.
  const endings = new SessionEndings(storage.sessions, (err: unknown) =>
    logger.error({ err }, 'session-ended listener failed'),
  );
  const auth = new AuthService(
    storage.users,
    storage.sessions,
    hasher,
    nodeIds,
    clock,
    config.session,
    endings,
    storage.audit,
  );
  const users = new UserService(
    storage.users,
    storage.setupTokens,
    hasher,
    nodeIds,
    clock,
    endings,
    storage.audit,
  );
  const accounts = new AccountService(
    storage.users,
    storage.sessions,
    storage.accounts,
    hasher,
    nodeIds,
    clock,
    endings,
    storage.audit,
  );

  // Page life cycle: archiving is announced here; the collab server listens.
  const pageEvents = new PageEvents((err: unknown) => logger.error({ err }, 'page-event listener failed'));

  const lastTouched = new Map<string, number>();
  const registry = new DocumentRegistry(
    storage.documents,
    config.collab,
    logger.child({ component: 'collab' }),
    (pageId) => {
      const now = Date.now();
      if (now - (lastTouched.get(pageId) ?? 0) < TOUCH_EVERY_MS) return;
      lastTouched.set(pageId, now);
      pages.markEdited(pageId).catch((err: unknown) => logger.error({ err, pageId }, 'touch failed'));
    },
  );
  const drafts = new RegistryDraftReader(registry);
  const formatter = new CitationJsFormatter();
  const pages = new PageService(
    storage.pages,
    storage.revisions,
    storage.collections,
    drafts,
    nodeIds,
    clock,
  );
  const revisions = new RevisionService(
    storage.pages,
    storage.revisions,
    storage.documents,
    drafts,
    storage.references,
    nodeIds,
    clock,
    [phiGuard(storage.users), imagesCheck(storage.images)],
  );
  const blobs = new FsBlobStore(join(config.dataDir, 'images'));
  const images = new ImageService(
    storage.pages,
    storage.images,
    blobs,
    new SharpImageProcessor({ ...DEFAULT_IMAGE_LIMITS, maxInputPixels: config.images.maxInputPixels }),
    nodeIds,
    clock,
    {
      uploadsPerHour: config.images.uploadsPerHour,
      bytesPerPersonPerDay: config.images.bytesPerPersonPerDay,
    },
  );
  // What a crash left in DATA_DIR/images: temporary files of interrupted writes (a minute old:
  // another instance may be writing a younger one) and blobs no image row names (ten minutes: an
  // upload stores its blob a moment before its row). At start, then hourly (a crash just before a
  // restart leaves files too young for the first sweep).
  const sweepImages = async (): Promise<void> => {
    const temporary = await blobs.sweepTemporaryFiles(60_000);
    const orphans = await images.sweepOrphanBlobs(10 * 60_000);
    if (temporary + orphans > 0) logger.info({ temporary, orphans }, 'image leftovers removed');
  };
  let imageSweep = sweepImages().catch((err: unknown) => logger.error({ err }, 'image sweep failed'));
  const imageSweepTimer = setInterval(() => {
    imageSweep = imageSweep
      .then(sweepImages)
      .catch((err: unknown) => logger.error({ err }, 'image sweep failed'));
  }, 3_600_000);
  imageSweepTimer.unref();
  const reviews = new ReviewService(
    storage.pages,
    storage.revisions,
    storage.collections,
    nodeIds,
    clock,
    (doc) => findUncitedClaims(doc as JSONContent),
  );

  // Professionalism: guideline changes are announced here; the collab server listens.
  const guidelineEvents = new GuidelineEvents((err: unknown) =>
    logger.error({ err }, 'guidelines listener failed'),
  );
  const guidelines = new GuidelinesService(storage.guidelines, renderMarkdown, clock, guidelineEvents);

  const purger = new WorkerContentPurger();
  const app = createApp({
    auth,
    users,
    accounts,
    pages,
    lifecycle: new PageLifecycleService(
      pages,
      storage.pages,
      storage.collections,
      storage.audit,
      clock,
      pageEvents,
    ),
    revisions,
    reviews,
    references: new ReferenceService(storage.pages, storage.references, drafts, formatter, nodeIds, clock),
    formatter,
    resolver: new HttpReferenceResolver(config.referenceLookup),
    comments: new CommentService(storage.pages, storage.threads, nodeIds, clock),
    images,
    notifications: new NotificationService(storage.pages, storage.revisions, storage.threads, reviews),
    guidelines,
    reports: new ReportService(storage.reports, pages, nodeIds, clock),
    purge: new PurgeService(
      pages,
      storage.purges,
      new RegistryDraftRewriter(registry),
      purger,
      clock,
      pageEvents,
      phiScanner,
    ),
    storage,
    clock,
    throttle: new LoginThrottle(),
    ready: () => ready,
    config,
    logger: logger.child({ component: 'http' }),
  });
  const server = createServer(app);
  const collab = new CollabServer(
    auth,
    pages,
    registry,
    {
      maxMessageBytes: config.collab.maxMessageBytes,
      maxDocumentBytes: config.collab.maxDocumentBytes,
      pingIntervalMs: config.collab.pingIntervalMs,
      allowedOrigins: config.allowedOrigins,
      maxConnectionsPerUser: config.collab.maxConnectionsPerUser,
      maxConnectionsPerPage: config.collab.maxConnectionsPerPage,
      updatesPerSecond: config.collab.updatesPerSecond,
      userUpdatesPerSecond: config.collab.userUpdatesPerSecond,
    },
    logger.child({ component: 'collab' }),
    clock,
    guidelines,
  );
  endings.subscribe(collab.sessionsEnded);
  pageEvents.subscribe(collab.pageEvent);
  guidelineEvents.subscribe(collab.guidelinesChanged);
  // A purge rewrote a page: caches of its old content drop it (the draft's go with its document).
  pageEvents.subscribe(forgetPurgedDiffs);
  server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
  server.on('clientError', (_err, socket) => socket.destroy());

  const sessionSweep = setInterval(() => {
    auth.pruneSessions().catch((err: unknown) => logger.error({ err }, 'session sweep failed'));
  }, 15 * 60_000);
  sessionSweep.unref();

  let closing: Promise<void> | undefined;
  return {
    server,
    storage,
    users,
    markReady: () => {
      ready = true;
    },
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          const host = config.host.includes(':') ? `[${config.host}]` : config.host;
          resolve(`http://${host}:${port}`);
        });
      }),
    close: () => {
      closing ??= (async () => {
        clearInterval(sessionSweep);
        clearInterval(imageSweepTimer);
        await imageSweep;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        collab.close();
        await registry.shutdown();
        server.closeAllConnections();
        await stopped;
        await formatter.close();
        purger.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
