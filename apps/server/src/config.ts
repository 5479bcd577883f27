import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    ROUNDS_ADMIN_EMAIL: z.email().optional(),
    ROUNDS_ADMIN_PASSWORD: z.string().min(10).max(256).optional(),
    /** Public URL when behind a proxy (origin checks, secure cookies, the setup link). */
    PUBLIC_URL: z.url().optional(),
    /**
     * Which proxies' X-Forwarded-For to believe (express "trust proxy": a hop count, `loopback`,
     * or addresses/CIDRs, comma separated). Default: loopback when PUBLIC_URL is set, else none.
     * Sign-in throttling is per client address, so behind a proxy this must be set right.
     */
    TRUST_PROXY: z
      .string()
      .regex(/^(?:\d{1,2}|false|[0-9A-Za-z.:/, _-]{1,500})$/, 'a hop count, false, loopback or addresses')
      .optional(),
    /** Extra origins allowed to call the API and open WebSockets, comma separated. */
    ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((v, ctx) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)
          .map((o) => {
            const origin = originOf(o);
            if (origin === null) ctx.addIssue({ code: 'custom', message: `not an http(s) origin: ${o}` });
            return origin ?? '';
          }),
      ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .positive()
      .default(60 * 12),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .positive()
      .default(24 * 7),
    COOKIE_SECURE: bool.optional(),
    /** Largest accepted WebSocket message, bytes. */
    COLLAB_MAX_MESSAGE_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(2 * 1024 * 1024),
    /** Largest document, bytes of encoded Yjs state. */
    COLLAB_MAX_DOCUMENT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(16 * 1024 * 1024),
    /** Most structs (Yjs items) one document may hold; an update past it closes with 4413. */
    COLLAB_MAX_DOCUMENT_STRUCTS: z.coerce.number().int().positive().default(100_000),
    /** Unload a document this long after its last client left. */
    COLLAB_IDLE_UNLOAD_MS: z.coerce.number().int().nonnegative().default(30_000),
    /** Fold the update log into a snapshot after this many updates. */
    COLLAB_COMPACT_EVERY: z.coerce.number().int().positive().default(500),
    COLLAB_PING_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
    /** Open collaboration sockets one user may hold (all pages); more close with 4429. */
    COLLAB_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().positive().default(20),
    /** Open collaboration sockets on one page; more close with 4429. */
    COLLAB_MAX_CONNECTIONS_PER_PAGE: z.coerce.number().int().positive().default(250),
    /** Sustained document updates per second per socket (bursts of 3x); faster senders are slowed. */
    COLLAB_UPDATES_PER_SECOND: z.coerce.number().positive().default(100),
    /** Sustained document updates per second per user over all their sockets (bursts of 3x). */
    COLLAB_USER_UPDATES_PER_SECOND: z.coerce.number().positive().default(300),
    /** Pages one person may create per hour (every page together); more are refused with 429. */
    PAGE_CREATES_PER_HOUR: z.coerce.number().int().positive().default(30),
    /** Revisions one person may submit per hour (every page together); more are refused with 429. */
    SUBMISSIONS_PER_HOUR: z.coerce.number().int().positive().default(30),
    /** Revisions of one page that may be submitted per minute (by everyone); more are refused with 429. */
    SUBMISSIONS_PER_PAGE_PER_MINUTE: z.coerce.number().int().positive().default(3),
    /** Images one person may upload per hour (every page together); more are refused with 429. */
    IMAGE_UPLOADS_PER_HOUR: z.coerce.number().int().positive().default(60),
    /** Bytes of images (as stored) one person may upload in 24 hours; past it, 429. */
    IMAGE_BYTES_PER_PERSON_PER_DAY: z.coerce
      .number()
      .int()
      .positive()
      .default(200 * 1024 * 1024),
    /** Most pixels (width × height) an uploaded image may have; larger ones are refused (413). */
    IMAGE_MAX_PIXELS: z.coerce.number().int().positive().max(268_402_689).default(50_000_000),
    /** Where the built web app is; empty disables static serving. */
    WEB_DIST: z.string().optional(),
    /** Online DOI/PMID lookup of references: off unless set to "on" (no network by default). */
    REFERENCE_LOOKUP: z.enum(['on', 'off']).default('off'),
    REFERENCE_LOOKUP_DOI_URL: z.url().default('https://doi.org/'),
    REFERENCE_LOOKUP_PMID_URL: z
      .url()
      .default('https://api.ncbi.nlm.nih.gov/lit/ctxp/v1/pubmed/?format=csl&id='),
    /** Hosts lookups (and their redirects) may reach, comma separated. */
    REFERENCE_LOOKUP_HOSTS: z
      .string()
      .default('doi.org,data.crossref.org,api.crossref.org,data.datacite.org,api.ncbi.nlm.nih.gov'),
    REFERENCE_LOOKUP_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(5_000),
  })
  .refine((e) => (e.ROUNDS_ADMIN_EMAIL === undefined) === (e.ROUNDS_ADMIN_PASSWORD === undefined), {
    message: 'ROUNDS_ADMIN_EMAIL and ROUNDS_ADMIN_PASSWORD must be set together',
  });

/** `scheme://host[:port]` of an http(s) URL, or null. */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The origin a browser uses for a HOST given as a name (`rounds.lan`): the Origin check cannot learn
 * it from the socket, which only knows addresses. IP hosts (and 0.0.0.0 / ::) are matched against
 * the address a request actually arrived on instead, which also covers PORT=0.
 */
function namedHostOrigin(host: string, port: number): string[] {
  if (port === 0 || isIP(host) !== 0) return [];
  const origin = originOf(`http://${host}:${port}`);
  return origin ? [origin] : [];
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  admin: { email: string; password: string } | null;
  publicUrl: string | null;
  /** express "trust proxy" setting. */
  trustProxy: string | number | false;
  /** Configured origins: ALLOWED_ORIGINS, PUBLIC_URL's origin and http://HOST:PORT for a named HOST. */
  allowedOrigins: string[];
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  session: { idleTimeoutMs: number; absoluteTimeoutMs: number };
  cookieSecure: boolean;
  collab: {
    maxMessageBytes: number;
    maxDocumentBytes: number;
    maxDocumentStructs: number;
    idleUnloadMs: number;
    compactEvery: number;
    pingIntervalMs: number;
    maxConnectionsPerUser: number;
    maxConnectionsPerPage: number;
    updatesPerSecond: number;
    userUpdatesPerSecond: number;
  };
  /** Write budgets kept in memory per process (429 rate_limited with retryAfterSeconds past them). */
  limits: { pageCreatesPerHour: number; submissionsPerHour: number; submissionsPerPagePerMinute: number };
  /** Image uploads (docs/decisions.md, "Images"); the bytes live under `<dataDir>/images`. */
  images: { uploadsPerHour: number; maxInputPixels: number; bytesPerPersonPerDay: number };
  webDist: string | null;
  referenceLookup: {
    enabled: boolean;
    doiUrl: string;
    pmidUrl: string;
    allowedHosts: string[];
    timeoutMs: number;
  };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses the environment once at boot; every problem is reported, not just the first. */
export function parseConfig(
  env: Record<string, string | undefined>,
  defaultWebDist: string | null,
): ConfigResult {
  // An empty variable means unset (as in `FOO= npm start`).
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`),
    };
  }
  const e = parsed.data;
  const publicUrl = e.PUBLIC_URL ?? null;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      // Relative to where the user ran npm (INIT_CWD), not the workspace npm switched into.
      dataDir: resolve(env.INIT_CWD ?? process.cwd(), e.DATA_DIR),
      admin:
        e.ROUNDS_ADMIN_EMAIL && e.ROUNDS_ADMIN_PASSWORD
          ? { email: e.ROUNDS_ADMIN_EMAIL, password: e.ROUNDS_ADMIN_PASSWORD }
          : null,
      publicUrl,
      trustProxy: trustProxyOf(e.TRUST_PROXY, publicUrl),
      allowedOrigins: [
        ...e.ALLOWED_ORIGINS,
        ...(publicUrl ? [new URL(publicUrl).origin] : []),
        ...namedHostOrigin(e.HOST, e.PORT),
      ],
      logLevel: e.LOG_LEVEL,
      session: {
        idleTimeoutMs: e.SESSION_IDLE_MINUTES * 60_000,
        absoluteTimeoutMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
      },
      cookieSecure: e.COOKIE_SECURE ?? publicUrl?.startsWith('https:') ?? false,
      collab: {
        maxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES,
        maxDocumentBytes: e.COLLAB_MAX_DOCUMENT_BYTES,
        maxDocumentStructs: e.COLLAB_MAX_DOCUMENT_STRUCTS,
        idleUnloadMs: e.COLLAB_IDLE_UNLOAD_MS,
        compactEvery: e.COLLAB_COMPACT_EVERY,
        pingIntervalMs: e.COLLAB_PING_INTERVAL_MS,
        maxConnectionsPerUser: e.COLLAB_MAX_CONNECTIONS_PER_USER,
        maxConnectionsPerPage: e.COLLAB_MAX_CONNECTIONS_PER_PAGE,
        updatesPerSecond: e.COLLAB_UPDATES_PER_SECOND,
        userUpdatesPerSecond: e.COLLAB_USER_UPDATES_PER_SECOND,
      },
      limits: {
        pageCreatesPerHour: e.PAGE_CREATES_PER_HOUR,
        submissionsPerHour: e.SUBMISSIONS_PER_HOUR,
        submissionsPerPagePerMinute: e.SUBMISSIONS_PER_PAGE_PER_MINUTE,
      },
      images: {
        uploadsPerHour: e.IMAGE_UPLOADS_PER_HOUR,
        maxInputPixels: e.IMAGE_MAX_PIXELS,
        bytesPerPersonPerDay: e.IMAGE_BYTES_PER_PERSON_PER_DAY,
      },
      webDist: env.WEB_DIST === '' ? null : (e.WEB_DIST ?? defaultWebDist),
      referenceLookup: {
        enabled: e.REFERENCE_LOOKUP === 'on',
        doiUrl: e.REFERENCE_LOOKUP_DOI_URL,
        pmidUrl: e.REFERENCE_LOOKUP_PMID_URL,
        allowedHosts: e.REFERENCE_LOOKUP_HOSTS.split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
        timeoutMs: e.REFERENCE_LOOKUP_TIMEOUT_MS,
      },
    },
  };
}

function trustProxyOf(value: string | undefined, publicUrl: string | null): string | number | false {
  if (value === undefined) return publicUrl ? 'loopback' : false;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
