import { randomUUID } from 'node:crypto';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import type { FuzzServer } from './fuzzServer.ts';
import { fixedImports, randomHostileImport, type HostileImport } from './hostileImports.ts';
import { excerpt, judgeResponse } from './httpChecks.ts';
import { checkHealth, healthMs, NoAnswer, send, type RawRequest, type RawResponse } from './httpRequest.ts';
import { randomBody, unicodeJunk, type Body } from './jsonShapes.ts';
import { FuzzReport } from './report.ts';
import { Rng } from './rng.ts';
import { ROUTES, routeName, type IdKind, type RouteSpec } from './routes.ts';

export type Role = 'admin' | 'student' | 'learner' | 'anonymous';
const ROLES: Role[] = ['admin', 'student', 'learner', 'anonymous'];

export interface HttpFuzzOptions {
  seed: number;
  batches?: number;
  until?: number;
  onlyBatch?: number;
  /** Requests per route and role in each batch (routes marked slow get one). */
  requestsPerRoute: number;
  /** Random hostile imports per batch, besides the fixed set in the first batch. */
  randomImports: number;
  /** The fixed hostile imports of the first batch: all of them, the short suite's subset, or none. */
  fixedImports: 'all' | 'short' | 'none';
  /** Every request must be answered within this. */
  deadlineMs: number;
  /** After a missed deadline, how long to wait for the server to come back before killing it. */
  stallWaitMs: number;
  log?: (line: string) => void;
}

interface HttpWorld {
  server: FuzzServer;
  cookies: Record<Exclude<Role, 'anonymous'>, string>;
  /** Real ids of each kind (requests use them most of the time). */
  ids: Record<IdKind, string>;
  /** The page hostile imports go to. */
  importPage: string;
}

/** Signs in an admin, a student and a learner, and makes one of each thing routes refer to. */
async function setUpHttpWorld(server: FuzzServer): Promise<HttpWorld> {
  const admin = await asAdmin(server.url);
  const [student, learner, victim] = await Promise.all([
    createUser(admin, 'student', 'Fuzzing Student'),
    createUser(admin, 'learner', 'Fuzzing Learner'),
    createUser(admin, 'student', 'Victim Student'),
  ]);
  const page = await createPage(admin, 'Fuzzed: pneumonia');
  const importPage = await createPage(admin, 'Fuzzed: imports');
  const idOf = async (client: ApiClient, path: string, body: unknown, pick: (b: never) => unknown) => {
    const res = await client.post(path, body);
    const id = res.status < 300 ? pick(res.body as never) : undefined;
    return typeof id === 'string' ? id : randomUUID();
  };
  const ids: Record<IdKind, string> = {
    page,
    user: victim.id,
    ref: await idOf(
      admin,
      `/api/pages/${page}/references`,
      { csl: { title: 'A trial' } },
      (b: { references?: { id?: string }[] }) => b.references?.[0]?.id,
    ),
    collection: await idOf(
      admin,
      '/api/collections',
      { name: `Fuzz ${randomUUID()}` },
      (b: { id?: string }) => b.id,
    ),
    thread: await idOf(
      admin,
      `/api/pages/${page}/threads`,
      { anchor: { start: 'a', end: 'b' }, body: 'x' },
      (b: { id?: string }) => b.id,
    ),
    revision: await idOf(
      admin,
      `/api/pages/${page}/revisions`,
      { message: 'first' },
      (b: { id?: string }) => b.id,
    ),
    team: await idOf(
      admin,
      '/api/teams',
      { name: 'Fuzz team', memberIds: [], leadId: null },
      (b: { id?: string }) => b.id,
    ),
    report: await idOf(
      student.client,
      '/api/reports',
      { targetType: 'page', targetId: page, reason: 'inaccurate', note: 'x' },
      (b: { id?: string }) => b.id,
    ),
    image: randomUUID(),
  };
  return {
    server,
    cookies: {
      admin: admin.cookie ?? '',
      student: student.client.cookie ?? '',
      learner: learner.client.cookie ?? '',
    },
    ids,
    importPage,
  };
}

/** Path segments no id looks like. */
const HOSTILE_SEGMENTS = [
  '%',
  '%E0%A4%A',
  '%zz',
  '%00',
  '%C0%AF',
  '..',
  '%2e%2e%2f%2e%2e',
  '__proto__',
  'constructor',
  'x'.repeat(101),
  'x'.repeat(5_000),
  '%F0%9F%92%89',
  "'%20OR%201=1--",
  '-1',
  'null',
  'a%2Fb',
  '%20',
  '00000000-0000-0000-0000-000000000000',
];

/** Percent-encodes the UTF-8 bytes of `s` (lone surrogates become U+FFFD, as on the wire). */
function percentEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');
}

function fillPath(
  rng: Rng,
  template: string,
  ids: Record<IdKind, string>,
): { path: string; hostile: boolean } {
  let hostile = false;
  const path = template.replace(/:(\w+)/g, (_, kind: string) => {
    if (rng.chance(0.7)) return ids[kind as IdKind] ?? randomUUID();
    hostile = true;
    return rng.chance(0.8) ? rng.pick(HOSTILE_SEGMENTS) : percentEncode(unicodeJunk(rng, 3));
  });
  return { path, hostile };
}

function randomQuery(rng: Rng, template: Record<string, string> = {}): string {
  const params: string[] = [];
  for (const [k, v] of Object.entries(template)) {
    const choice = rng.int(9);
    if (choice === 0) continue;
    if (choice === 1) params.push(`${k}=${percentEncode(unicodeJunk(rng))}`);
    else if (choice === 2) params.push(`${k}=${'9'.repeat(rng.pick([20, 400, 4_000]))}`);
    else if (choice === 3) params.push(`${k}=a`, `${k}=b`);
    else if (choice === 4) params.push(`${k}[${rng.pick(['', '__proto__', 'a', '0'])}]=${percentEncode(v)}`);
    else if (choice === 5) params.push(`${k}=${rng.pick(['%', '%E0%A4%A', '%00', '%FF'])}`);
    else if (choice === 6)
      params.push(`${k}=${percentEncode(rng.pick(['-1', '1e309', 'NaN', '0x10', '2024-13-45', '']))}`);
    else params.push(`${k}=${percentEncode(v)}`);
  }
  if (rng.chance(0.2))
    params.push(`${rng.pick(['__proto__[admin]', 'constructor[prototype][x]', 'x'.repeat(2_000)])}=1`);
  return params.length > 0 ? `?${params.join('&')}` : '';
}

const CONTENT_TYPES = [
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/merge-patch+json',
];

interface FuzzRequest {
  role: Role;
  route: RouteSpec;
  req: RawRequest;
  label: string;
  bodyKind?: string;
}

function makeRequest(rng: Rng, world: HttpWorld, route: RouteSpec, role: Role): FuzzRequest {
  const { path } = fillPath(rng, route.path, world.ids);
  const query = route.method === 'GET' || rng.chance(0.1) ? randomQuery(rng, route.query) : '';
  let body: Body | undefined;
  if (route.method !== 'GET' && (route.body || rng.chance(0.5))) body = randomBody(rng, route.body ?? {});
  const contentType = body ? (rng.chance(0.9) ? 'application/json' : rng.pick(CONTENT_TYPES)) : undefined;
  let cookie = role === 'anonymous' ? undefined : world.cookies[role];
  if (role === 'anonymous' && rng.chance(0.5)) {
    cookie = rng.pick([
      `rounds_session=${unicodeJunk(rng, 4)}`,
      `rounds_session=${'a'.repeat(6_000)}`,
      'rounds_session=; x=y',
    ]);
    cookie = cookie.replace(/[^\x20-\x7e]/g, 'x');
  }
  const req: RawRequest = { method: route.method, path: path + query, body: body?.text, contentType, cookie };
  const label =
    `${role}: ${route.method} ${excerpt(req.path, 300)}` +
    (body ? ` ${contentType} body (${Buffer.byteLength(body.text)} bytes) ${excerpt(body.label, 300)}` : '');
  return { role, route, req, label, bodyKind: body?.kind };
}

/** Sends one request and judges it; a missed deadline waits for (or replaces) the server. */
async function exercise(
  world: HttpWorld,
  f: FuzzRequest,
  opts: HttpFuzzOptions,
  report: FuzzReport,
  batch: number,
): Promise<RawResponse | null> {
  const mark = world.server.mark();
  const finding = (invariant: string, observed: string): void => {
    report.add({
      suite: 'http',
      seed: opts.seed,
      invariant,
      observed,
      reproduction: `${f.label} (batch ${batch}; replay: npm run fuzz -- --only http --seed ${opts.seed} --batch ${batch})`,
      serverLog: world.server.errorsSince(mark, 3),
    });
  };
  let res: RawResponse;
  try {
    res = await send(world.server.url, f.req, opts.deadlineMs);
  } catch (err: unknown) {
    if (err instanceof NoAnswer) {
      const stalled = await waitForHealth(world, opts.stallWaitMs);
      finding(
        `${routeName(f.route)} answers within ${opts.deadlineMs / 1000} s`,
        `no answer within ${opts.deadlineMs} ms; ${
          stalled === null
            ? `/api/health still not answering ${opts.stallWaitMs / 1000} s later (server killed and restarted)`
            : `/api/health answered again ${Math.round(stalled / 1000)} s later`
        }`,
      );
      if (stalled === null) await world.server.restart('kill');
      return null;
    }
    const dead = world.server.alive ? '' : `; the server process exited with ${world.server.exitCode}`;
    finding(`${routeName(f.route)} answers at all`, `${String(err)}${dead}`);
    await world.server.restart(world.server.alive ? 'kill' : 'sigterm');
    return null;
  }
  report.count(`http status ${res.status}`);
  const problem = judgeResponse(res, { lookup: f.route.body !== undefined && 'lookup' in f.route.body });
  if (problem) {
    // Once more: a deterministic defect answers the same way again.
    const again = await send(world.server.url, f.req, opts.deadlineMs).catch(() => null);
    const same = again && judgeResponse(again, { lookup: 'lookup' in (f.route.body ?? {}) }) !== null;
    finding(
      `${routeName(f.route)} never answers 5xx, and 4xx only as {error, message} without internals`,
      `${problem}${same ? ' (the same again on replay)' : ' (not on replay)'}`,
    );
  }
  return res;
}

/** Polls /api/health until it answers (ms waited) or `limitMs` passes (null). */
async function waitForHealth(world: HttpWorld, limitMs: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    const h = await healthMs(world.server.url, Math.max(500, limitMs - (performance.now() - started)));
    if (h.status === 200) return performance.now() - started;
  }
  return null;
}

async function runImport(
  world: HttpWorld,
  imp: HostileImport,
  role: Role,
  opts: HttpFuzzOptions,
  report: FuzzReport,
  batch: number,
) {
  const route: RouteSpec = { method: 'POST', path: '/api/pages/:page/references', body: { import: '' } };
  const body = JSON.stringify({ import: imp.text });
  const f: FuzzRequest = {
    role,
    route: { ...route, path: `/api/pages/:page/references (import: ${imp.name})` },
    req: {
      method: 'POST',
      path: `/api/pages/${world.importPage}/references`,
      body,
      contentType: 'application/json',
      cookie: role === 'anonymous' ? undefined : world.cookies[role],
    },
    label: `${role}: POST /api/pages/${world.importPage}/references {import: ${imp.name}} (${imp.text.length} chars)`,
  };
  const res = await exercise(world, f, opts, report, batch);
  report.count(`http import ${imp.name.replace(/\d{4,}/g, 'N')}`);
  if (res && res.status !== 201 && (res.status < 400 || res.status >= 500)) {
    report.add({
      suite: 'http',
      seed: opts.seed,
      invariant: 'a hostile import answers 201 or 4xx',
      observed: `${res.status} ${excerpt(res.text)}`,
      reproduction: f.label,
      serverLog: [],
    });
  }
}

/** Runs HTTP fuzz batches against `server`. */
export async function runHttpFuzz(server: FuzzServer, opts: HttpFuzzOptions): Promise<FuzzReport> {
  const report = new FuzzReport();
  const log = opts.log ?? (() => {});
  const world = await setUpHttpWorld(server);
  const first = opts.onlyBatch ?? 0;
  const last = opts.onlyBatch ?? (opts.batches !== undefined ? opts.batches - 1 : Infinity);
  for (let b = first; b <= last; b++) {
    if (opts.until !== undefined && Date.now() >= opts.until) break;
    const rng = new Rng((opts.seed ^ Math.imul(b + 1, 0x9e3779b1)) >>> 0);
    report.batches++;
    const before = report.findings.length;
    const routes = opts.requestsPerRoute > 0 ? [...ROUTES].sort(() => rng.float() - 0.5) : [];
    for (const route of routes) {
      for (const role of ROLES) {
        if (route.endsSession && role !== 'anonymous') continue;
        for (let i = route.slow ? 1 : opts.requestsPerRoute; i > 0; i--) {
          const f = makeRequest(rng, world, route, role);
          report.count(`http ${routeName(route)}`);
          report.count(`http as ${role}`);
          if (f.bodyKind) report.count(`http body ${f.bodyKind}`);
          await exercise(world, f, opts, report, b);
        }
      }
    }
    const imports = [
      ...(b === first ? fixedImports(opts.fixedImports) : []),
      ...Array.from({ length: opts.randomImports }, () => randomHostileImport(rng)),
    ];
    for (const imp of imports)
      await runImport(world, imp, rng.pick(['admin', 'student'] as const), opts, report, b);
    const slow = await checkHealth(world.server.url);
    if (slow) {
      report.add({
        suite: 'http',
        seed: opts.seed,
        invariant: '/api/health answers within 500 ms after each batch',
        observed: slow,
        reproduction: `batch ${b} of seed ${opts.seed}`,
        serverLog: [],
      });
    }
    for (const role of ['admin', 'student', 'learner'] as const) {
      const me = await send(
        world.server.url,
        { method: 'GET', path: '/api/me', cookie: world.cookies[role] },
        10_000,
      );
      if (me.status !== 200) {
        report.add({
          suite: 'http',
          seed: opts.seed,
          invariant: "the fuzzing users' sessions survive the batch (no request may end them)",
          observed: `GET /api/me as ${role} answered ${me.status}`,
          reproduction: `batch ${b} of seed ${opts.seed}`,
          serverLog: [],
        });
        const fresh = await setUpHttpWorld(world.server);
        Object.assign(world, fresh);
      }
    }
    log(`http batch ${b}: ${report.findings.length - before} failures`);
  }
  return report;
}
