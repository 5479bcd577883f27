/**
 * One attack, start to finish, on a fresh server: accounts and a page over HTTP, the honest
 * editor and reader (observer process), the attack window, the page checks, an idle unload, a
 * restart on the same DATA_DIR and the checks again. Every step is bounded; a server that dies,
 * hangs or cannot restart is recorded as the result and the run moves on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCollab, checkPage, diskStats } from './checks.ts';
import { login, request, waitForHealth } from './http.ts';
import { ObserverProcess } from './ObserverProcess.ts';
import { ADMIN, RoundsProcess, sleep } from './RoundsProcess.ts';
import type { Account, Attack, AttackContext, AttackResult, Details } from './types.ts';

export interface HarnessOptions {
  root: string;
  windowSeconds: number;
  rssLimitMiB: number;
  /** Extra server environment for every attack (`--env K=V`). */
  env: Record<string, string>;
  log: (msg: string) => void;
}

/** The honest side, as the brief has it. */
const TYPE_INTERVAL_MS = 200;
const DELIVERY_TIMEOUT_MS = 2_000;
const IDLE_UNLOAD_MS = 1_000;
/** After the last client left: unload (1 s), fold the log into a snapshot, prune. */
const UNLOAD_WAIT_MS = 4_000;
/** How long past its window an attack may run before it is told to stop (references, regex). */
const ATTACK_OVERRUN_MS = 240_000;
/** SIGTERM, then SIGKILL: a server blocked on its event loop cannot shut down. */
const SHUTDOWN_GRACE_MS = 5_000;

const tempDirs = new Set<string>();
process.on('exit', () => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function createAccount(
  url: string,
  adminCookie: string,
  role: 'student' | 'faculty',
  label: string,
): Promise<Account> {
  const email = `${label}@example.org`;
  const password = `${label}-password-1`;
  const res = await request(url, 'POST', '/api/users', {
    cookie: adminCookie,
    body: { email, name: label.replace(/-/g, ' '), password, role },
  });
  if (res.status !== 201) throw new Error(`creating ${label}: ${res.status} ${res.text.slice(0, 200)}`);
  return { email, password, cookie: await login(url, email, password) };
}

export async function runAttack(attack: Attack, opts: HarnessOptions): Promise<AttackResult> {
  const log = (msg: string): void => opts.log(`  [${attack.name}] ${msg}`);
  const began = Date.now();
  const result: AttackResult = {
    name: attack.name,
    description: attack.description,
    startedAt: new Date().toISOString(),
    totalSeconds: 0,
    windowSeconds: opts.windowSeconds,
    details: {},
    summary: '',
    server: { lines: 0, warnLines: 0, topMessages: [] },
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'rounds-attack-'));
  tempDirs.add(dataDir);
  const env = { COLLAB_IDLE_UNLOAD_MS: String(IDLE_UNLOAD_MS), ...opts.env, ...attack.env };
  let server: RoundsProcess | null = null;
  let observer: ObserverProcess | null = null;
  const servers: RoundsProcess[] = [];
  let stoppingOnPurpose = false;
  const abort = new AbortController();
  const watch = (s: RoundsProcess): void => {
    void s.exited.then(() => {
      if (stoppingOnPurpose || s !== server) return;
      result.serverDied ??= `${s.describeExit()} ${((Date.now() - began) / 1000).toFixed(1)} s into the run`;
      log(`server died: ${s.describeExit()}`);
      abort.abort();
    });
  };

  try {
    log('starting server');
    server = await RoundsProcess.start({ root: opts.root, dataDir, env });
    servers.push(server);
    watch(server);
    const adminCookie = await login(server.url, ADMIN.email, ADMIN.password);
    const editor = await createAccount(server.url, adminCookie, 'student', 'honest-student');
    const attacker = await createAccount(server.url, adminCookie, 'student', 'hostile-student');
    const faculty = await createAccount(server.url, adminCookie, 'faculty', 'honest-faculty');
    const page = await request(server.url, 'POST', '/api/pages', {
      cookie: editor.cookie,
      body: { title: `Attack target: ${attack.name}` },
    });
    const pageId = (JSON.parse(page.text) as { id?: string }).id;
    if (page.status !== 201 || !pageId) throw new Error(`creating the page: ${page.status} ${page.text}`);

    observer = new ObserverProcess();
    const { marker } = await observer.start({
      url: server.url,
      wsUrl: server.wsUrl,
      pageId,
      editorCookie: editor.cookie,
      readerCookie: faculty.cookie,
      serverPid: server.pid,
      typeIntervalMs: TYPE_INTERVAL_MS,
      deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
      healthIntervalMs: 100,
      healthTimeoutMs: 5_000,
      rssIntervalMs: 250,
      rssLimitMiB: opts.rssLimitMiB,
      syncTimeoutMs: 60_000,
    });
    const obs = observer;

    const ctx: AttackContext = {
      server,
      root: opts.root,
      dataDir,
      pageId,
      attacker,
      editor,
      faculty,
      windowMs: opts.windowSeconds * 1000,
      signal: abort.signal,
      log,
      restartServer: async () => {
        const old = ctx.server;
        stoppingOnPurpose = true;
        old.kill();
        await old.exited;
        stoppingOnPurpose = false;
        const fresh = await RoundsProcess.start({ root: opts.root, dataDir, env, port: old.port });
        servers.push(fresh);
        server = fresh;
        ctx.server = fresh;
        watch(fresh);
        obs.serverPid(fresh.pid);
        return fresh;
      },
    };

    let prepared: Details = {};
    if (attack.prepare) {
      log('preparing');
      prepared = await attack.prepare(ctx);
      result.details = { ...prepared };
    }
    // A server that died while preparing is a result too: the window then records the aftermath.
    log(`attack window ${opts.windowSeconds} s`);
    const lines0 = server.lines;
    const warn0 = server.warnLines;
    obs.windowStart();
    const windowStarted = Date.now();
    const hardStop = setTimeout(() => abort.abort(), ctx.windowMs + ATTACK_OVERRUN_MS);
    let details: Details;
    try {
      details = await attack.run(ctx, prepared);
    } catch (err: unknown) {
      details = { attackError: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(hardStop);
    }
    obs.windowEnd();
    result.windowSeconds = (Date.now() - windowStarted) / 1000;
    result.details = { ...result.details, ...details };
    result.details.serverLinesDuringWindow = ctx.server.lines - (ctx.server === servers[0] ? lines0 : 0);
    result.details.serverWarnLinesDuringWindow =
      ctx.server.warnLines - (ctx.server === servers[0] ? warn0 : 0);

    await sleep(1_500);
    const live = ctx.server;
    const rssAfter = live.rssMiB();
    const responsive = live.alive && (await waitForHealth(live.url, 30_000)) !== null;
    if (live.alive && !responsive) {
      result.afterAttack = { page: 'no /api/health answer for 30 s', content: 'not tried', ok: false };
    } else if (live.alive) {
      log('checking the page');
      result.afterAttack = await checkPage(live.url, pageId, faculty.cookie, marker);
      if (attack.afterWindow)
        result.details = { ...result.details, ...(await attack.afterWindow(ctx, result.details)) };
    } else {
      result.afterAttack = { page: 'server dead', content: 'server dead', ok: false };
    }
    result.disk = { atWindowEnd: diskStats(dataDir) };
    const observed = await obs.stop();
    observer = null;
    if (obs.rssLimitHit !== null) result.rssLimitKill = obs.rssLimitHit;
    if (observed) {
      result.honest = observed.honest;
      result.health = observed.health;
      result.rss = { ...observed.rss, afterMiB: rssAfter };
    }

    if (live.alive) {
      log('waiting for the idle unload, then restarting');
      await sleep(UNLOAD_WAIT_MS);
      stoppingOnPurpose = true;
      const stopped = await live.stop(SHUTDOWN_GRACE_MS);
      result.shutdown = { forced: stopped.forced, exit: live.describeExit() };
    }
    result.disk.afterStop = diskStats(dataDir);
    collectServerOutput(result, servers);

    stoppingOnPurpose = true;
    try {
      const again = await RoundsProcess.start({ root: opts.root, dataDir, env });
      servers.push(again);
      try {
        const cookie = await login(again.url, faculty.email, faculty.password);
        const check = await checkPage(again.url, pageId, cookie, marker);
        const collab = check.timedOut
          ? 'not tried (server busy)'
          : await checkCollab(again.wsUrl, pageId, cookie, marker);
        result.afterRestart = {
          ...check,
          collab,
          ok: check.ok && !collab.includes('MISSING') && collab.startsWith('synced'),
          startMs: again.startMs,
        };
      } finally {
        await again.stop(SHUTDOWN_GRACE_MS);
      }
    } catch (err: unknown) {
      const msg = err instanceof Error ? err.message : String(err);
      result.afterRestart = { page: `restart failed: ${msg.split('\n')[0] ?? ''}`, content: '', ok: false };
    }
  } catch (err: unknown) {
    result.harnessError = err instanceof Error ? err.message : String(err);
    log(`harness error: ${result.harnessError.split('\n')[0] ?? ''}`);
  } finally {
    abort.abort();
    observer?.kill();
    stoppingOnPurpose = true;
    for (const s of servers) s.kill();
    await Promise.all(servers.map((s) => s.exited));
    collectServerOutput(result, servers);
    rmSync(dataDir, { recursive: true, force: true });
    tempDirs.delete(dataDir);
  }
  result.summary = attack.summary(result.details);
  result.totalSeconds = (Date.now() - began) / 1000;
  return result;
}

function collectServerOutput(result: AttackResult, servers: RoundsProcess[]): void {
  const counts = new Map<string, number>();
  let lines = 0;
  let warnLines = 0;
  for (const s of servers) {
    lines += s.lines;
    warnLines += s.warnLines;
    for (const [k, v] of s.messages) counts.set(k, (counts.get(k) ?? 0) + v);
  }
  result.server = {
    lines,
    warnLines,
    topMessages: [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8),
  };
}
