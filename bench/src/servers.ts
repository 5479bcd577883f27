/**
 * Starting, preparing, measuring and stopping the two servers under test as child processes:
 * Rounds (auth + SQLite write-ahead storage, fresh temp DATA_DIR) and the reference
 * `@y/websocket-server` (in memory, no persistence). Every child and temp dir is registered so it is
 * torn down even when the benchmark fails or is interrupted.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePreloads, type PreloadPaths } from './preloads.ts';

export type ServerKind = 'ours' | 'ref';

export const SERVER_LABEL: Record<ServerKind, string> = { ours: 'Rounds', ref: 'reference' };

/** What the load needs from a started server. */
export interface ServerUnderTest {
  kind: ServerKind;
  pid: number;
  /** Base for y-websocket: the provider connects to `${collabBase}/${room}`. */
  collabBase: string;
  /** One room name per page. */
  rooms: string[];
  /** Cookie header per simulated user (undefined: the reference has no auth). */
  cookies: (string | undefined)[];
  /** Log lines at warn level or above seen so far (Rounds logs JSON through pino). */
  problems: () => string[];
  /** Event-loop lag and GC of the child since the previous call (see preloads.ts). */
  probe: () => Promise<ProbeStats>;
  stop: () => Promise<void>;
}

export interface StartOptions {
  pages: number;
  users: number;
  /** Extra node flags for the child (e.g. --cpu-prof). */
  nodeFlags: string[];
  /** Where --cpu-prof writes (created under the bench results dir by the caller). */
  cpuProfDir?: string;
}

export interface ProbeStats {
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  gcMs: number;
  gcMaxMs: number;
  gcCount: number;
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------------------------
// Teardown registry: children and temp dirs, cleaned on normal exit, error, and SIGINT/SIGTERM.

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

process.on('exit', () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

let preloadPaths: PreloadPaths | null = null;
/** The preload scripts, written once per bench process into a registered temp dir. */
function preloads(): PreloadPaths {
  preloadPaths ??= writePreloads(makeTempDir('rounds-bench-preload-'));
  return preloadPaths;
}

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    children.delete(child);
    return;
  }
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

// ---------------------------------------------------------------------------------------------
// CPU and memory of a child, from /proc.

let clockTicks = 100;
try {
  clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // keep the Linux default
}

/** utime + stime of a process, in milliseconds (resolution 1/CLK_TCK s, usually 10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks;
}

/** Peak resident set (VmHWM) and current (VmRSS), MiB. */
export function processMemoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number =>
    Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

interface Spawned {
  child: ChildProcess;
  probe: () => Promise<ProbeStats>;
  /** Resolves with the first stdout/stderr line matching `ready`. */
  ready: Promise<string>;
  problems: string[];
  tail: string[];
}

/**
 * Spawns `node <flags> <args>` directly (no npx/tsx wrapper, so the pid is the server itself) and
 * keeps draining its output for the whole run so a chatty child never blocks on a full pipe.
 */
function spawnNode(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  isProblem: (line: string) => boolean,
): Spawned {
  const child = spawn(process.execPath, ['--require', preloads().serverProbe, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const problems: string[] = [];
  const tail: string[] = [];
  let resolveReady!: (line: string) => void;
  let rejectReady!: (err: Error) => void;
  const readyPromise = new Promise<string>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  let isReady = false;
  const probeWaiters: ((stats: ProbeStats) => void)[] = [];
  const onLine = (line: string): void => {
    if (!line) return;
    if (line.startsWith('BENCH_PROBE ')) {
      const stats = JSON.parse(line.slice('BENCH_PROBE '.length)) as ProbeStats;
      probeWaiters.shift()?.(stats);
      return;
    }
    tail.push(line);
    if (tail.length > 40) tail.shift();
    if (!isReady && ready.test(line)) {
      isReady = true;
      resolveReady(line);
    }
    if (isProblem(line) && problems.length < 1000) problems.push(line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
    });
  }
  child.once('exit', (code, signal) => {
    if (!isReady)
      rejectReady(
        new Error(`server exited before it was ready (code ${code}, signal ${signal}):\n${tail.join('\n')}`),
      );
  });
  child.once('error', (err) => rejectReady(err));
  const timer = setTimeout(() => {
    if (!isReady) rejectReady(new Error(`server not ready after 60 s:\n${tail.join('\n')}`));
  }, 60_000);
  void readyPromise.finally(() => clearTimeout(timer)).catch(() => undefined);
  const probe = (): Promise<ProbeStats> =>
    new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error('server probe did not answer')), 5_000);
      probeWaiters.push((stats) => {
        clearTimeout(timer);
        res(stats);
      });
      child.kill('SIGUSR2');
    });
  return { child, ready: readyPromise, problems, tail, probe };
}

// ---------------------------------------------------------------------------------------------
// Rounds

async function api(base: string, path: string, body: unknown, cookie?: string): Promise<Response> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
  return res;
}

async function login(base: string, email: string, password: string): Promise<string> {
  const res = await api(base, '/api/auth/login', { email, password });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('rounds_session='));
  if (!cookie) throw new Error(`login of ${email} set no rounds_session cookie`);
  return cookie;
}

/** Runs `fn` over items with at most `limit` in flight. */
async function pool<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function startRounds(opts: StartOptions): Promise<ServerUnderTest> {
  const dataDir = makeTempDir('rounds-bench-');
  const adminEmail = 'bench-admin@example.org';
  const adminPassword = 'bench-admin-password';
  const flags = [...opts.nodeFlags];
  if (opts.cpuProfDir) flags.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  const spawned = spawnNode(
    [...flags, '--import', 'tsx', 'apps/server/src/main.ts'],
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ROUNDS_ADMIN_EMAIL: adminEmail,
      ROUNDS_ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'info',
      WEB_DIST: '',
      // The load spreads hundreds of sockets over a few accounts, more than a person opens.
      COLLAB_MAX_CONNECTIONS_PER_USER: '100000',
    },
    /Rounds is listening/,
    (line) => /"level":(40|50|60)/.test(line) || !line.startsWith('{'),
  );
  const { child } = spawned;
  try {
    const line = await spawned.ready;
    const url = /"url":"(http:\/\/[^"]+)"/.exec(line)?.[1];
    if (!url) throw new Error(`no url in: ${line}`);
    // The admin is bootstrapped right after the listening line; retry the login briefly.
    let adminCookie: string | undefined;
    for (let attempt = 0; !adminCookie; attempt++) {
      try {
        adminCookie = await login(url, adminEmail, adminPassword);
      } catch (err) {
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const password = 'bench-user-password';
    const emails = Array.from({ length: opts.users }, (_, i) => `bench-user-${i}@example.org`);
    // argon2 hashing/verification (~50 ms each) on a 2-core box: a little parallelism only.
    await pool(emails, 2, (email, i) =>
      api(
        url,
        '/api/users',
        { email, name: `Bench User ${i}`, password, role: i % 2 === 0 ? 'student' : 'faculty' },
        adminCookie,
      ),
    );
    const cookies = await pool(emails, 2, (email) => login(url, email, password));
    const rooms = await pool(
      Array.from({ length: opts.pages }, (_, i) => i),
      4,
      async (i) => {
        const res = await api(url, '/api/pages', { title: `Fan-out bench page ${i}` }, adminCookie);
        return ((await res.json()) as { id: string }).id;
      },
    );
    return {
      kind: 'ours',
      pid: child.pid ?? -1,
      collabBase: `${url.replace(/^http/, 'ws')}/collab`,
      rooms,
      cookies,
      problems: () => spawned.problems,
      probe: spawned.probe,
      stop: async () => {
        await stopChild(child, 15_000);
        removeTempDir(dataDir);
      },
    };
  } catch (err) {
    await stopChild(child);
    removeTempDir(dataDir);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Reference: @y/websocket-server 0.1.1, installed as the alias y-websocket-server-ref.

function referenceEntry(): string {
  const require = createRequire(join(REPO_ROOT, 'bench', 'package.json'));
  const pkgPath = require.resolve('y-websocket-server-ref/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string; bin?: Record<string, string> };
  const bin = pkg.bin?.['y-websocket-server'] ?? 'src/server.js';
  return join(dirname(pkgPath), bin);
}

export async function startReference(opts: StartOptions): Promise<ServerUnderTest> {
  const port = await freePort();
  const flags = [...opts.nodeFlags];
  if (opts.cpuProfDir) {
    flags.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`, '--require', preloads().exitOnSignal);
  }
  // No YPERSISTENCE: the reference keeps documents in memory only.
  const env: Record<string, string> = { HOST: '127.0.0.1', PORT: String(port) };
  const spawned = spawnNode([...flags, referenceEntry()], env, /running at/, () => false);
  const { child } = spawned;
  // It logs `console.error(err)` for message errors; count any stderr output as a problem.
  child.stderr?.on('data', (chunk: string) => {
    const text = String(chunk)
      .split('\n')
      .filter((l) => l && !l.startsWith('BENCH_PROBE '))
      .join('\n');
    if (text) spawned.problems.push(text.slice(0, 500));
  });
  try {
    await spawned.ready;
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  const tag = Math.random().toString(36).slice(2, 8);
  return {
    kind: 'ref',
    pid: child.pid ?? -1,
    // Same path shape as Rounds; the reference uses the whole path ('collab/<room>') as the doc name.
    collabBase: `ws://127.0.0.1:${port}/collab`,
    rooms: Array.from({ length: opts.pages }, (_, i) => `bench-${tag}-${i}`),
    cookies: [undefined],
    problems: () => spawned.problems,
    probe: spawned.probe,
    stop: () => stopChild(child),
  };
}

export function startServer(kind: ServerKind, opts: StartOptions): Promise<ServerUnderTest> {
  return kind === 'ours' ? startRounds(opts) : startReference(opts);
}
