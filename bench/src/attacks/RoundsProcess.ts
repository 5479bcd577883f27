/**
 * One Rounds server as a child process of the bench: `node --import tsx apps/server/src/main.ts`
 * run in the checkout under test (`--root`), on port 0 (the port is read from /proc, since at
 * LOG_LEVEL=warn the server does not print its URL), with a temp DATA_DIR the caller owns. Its
 * output is drained and counted; a child that exits or hangs is reported, never waited on forever.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { request } from './http.ts';

export const ADMIN = { email: 'attack-admin@example.org', password: 'attack-admin-password' } as const;

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

export interface StartOptions {
  root: string;
  dataDir: string;
  env: Record<string, string>;
  /** A fixed port (to restart a server where its clients will reconnect); default 0. */
  port?: number;
  timeoutMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

/** Environment variables of the bench's own shell that must not leak into the server. */
const SCRUBBED =
  /^(PORT|HOST|DATA_DIR|LOG_LEVEL|PUBLIC_URL|ALLOWED_ORIGINS|WEB_DIST|COOKIE_SECURE|ROUNDS_|COLLAB_|SESSION_|REFERENCE_|TRUST_PROXY)/;

export class RoundsProcess {
  url = '';
  wsUrl = '';
  port = 0;
  /** Lines printed on stdout+stderr, and those at warn level or above (or not JSON at all). */
  lines = 0;
  warnLines = 0;
  /** Count per log message (pino `msg`, or the first 80 characters of a non-JSON line). */
  readonly messages = new Map<string, number>();
  readonly tail: string[] = [];
  exit: ExitInfo | null = null;
  readonly exited: Promise<ExitInfo>;
  startMs = 0;

  private constructor(readonly child: ChildProcess) {
    running.add(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal, at: Date.now() };
        running.delete(child);
        resolve(this.exit);
      }),
    );
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          this.onLine(buffered.slice(0, nl));
          buffered = buffered.slice(nl + 1);
        }
        // A huge line without newline (a stack dump of a giant value): keep counting, drop the text.
        if (buffered.length > 1_000_000) buffered = buffered.slice(-1000);
      });
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  static async start(opts: StartOptions): Promise<RoundsProcess> {
    const started = Date.now();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUBBED.test(k)) env[k] = v;
    Object.assign(
      env,
      {
        PORT: String(opts.port ?? 0),
        HOST: '127.0.0.1',
        DATA_DIR: opts.dataDir,
        LOG_LEVEL: 'warn',
        WEB_DIST: '',
        ROUNDS_ADMIN_EMAIL: ADMIN.email,
        ROUNDS_ADMIN_PASSWORD: ADMIN.password,
        INIT_CWD: opts.root,
      },
      opts.env,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', join('apps', 'server', 'src', 'main.ts')], {
      cwd: opts.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new RoundsProcess(child);
    const deadline = started + (opts.timeoutMs ?? 60_000);
    try {
      while (server.port === 0) {
        if (!server.alive) throw new Error('exited during startup');
        if (Date.now() > deadline) throw new Error('no listening port within the startup timeout');
        server.port = listeningPort(server.pid) ?? 0;
        if (server.port === 0) await sleep(100);
      }
      server.url = `http://127.0.0.1:${server.port}`;
      server.wsUrl = `ws://127.0.0.1:${server.port}`;
      // /api/health may answer before the admin exists: wait until the admin can sign in.
      for (;;) {
        if (!server.alive) throw new Error('exited during startup');
        if (Date.now() > deadline) throw new Error('admin could not sign in within the startup timeout');
        const res = await request(server.url, 'POST', '/api/auth/login', {
          body: { email: ADMIN.email, password: ADMIN.password },
          timeoutMs: 5_000,
        });
        if (res.status === 200) break;
        await sleep(100);
      }
    } catch (err: unknown) {
      await server.stop(2_000);
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`server ${why} (${server.describeExit()}):\n${server.tail.slice(-15).join('\n')}`);
    }
    server.startMs = Date.now() - started;
    return server;
  }

  describeExit(): string {
    if (!this.exit) return 'running';
    return this.exit.signal ? `killed by ${this.exit.signal}` : `exit code ${this.exit.code}`;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. Resolves with whether it had to be killed. */
  async stop(graceMs = 10_000): Promise<{ forced: boolean; exit: ExitInfo }> {
    if (this.exit) return { forced: false, exit: this.exit };
    this.child.kill('SIGTERM');
    let forced = false;
    const timer = setTimeout(() => {
      forced = true;
      this.child.kill('SIGKILL');
    }, graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return { forced, exit };
  }

  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }

  /** Resident set size now, MiB (NaN once the process is gone). */
  rssMiB(): number {
    return readRssMiB(this.pid);
  }

  private onLine(line: string): void {
    if (!line) return;
    this.lines++;
    this.tail.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
    if (this.tail.length > 40) this.tail.shift();
    let key = line.slice(0, 80);
    let isWarn = true;
    if (line.startsWith('{')) {
      try {
        const parsed = JSON.parse(line) as { level?: number; msg?: string };
        key = parsed.msg ?? key;
        isWarn = (parsed.level ?? 60) >= 40;
      } catch {
        // not JSON after all: counts as a problem line
      }
    }
    if (isWarn) this.warnLines++;
    if (this.messages.size < 200 || this.messages.has(key))
      this.messages.set(key, (this.messages.get(key) ?? 0) + 1);
  }
}

export function readRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** The TCP port a process listens on, from its socket fds and /proc/<pid>/net/tcp{,6}. */
function listeningPort(pid: number): number | null {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m?.[1]) inodes.add(m[1]);
      } catch {
        // fd closed meanwhile
      }
    }
  } catch {
    return null;
  }
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && f[9] && inodes.has(f[9])) {
        const port = parseInt(f[1]?.split(':')[1] ?? '', 16);
        if (port > 0) return port;
      }
    }
  }
  return null;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
