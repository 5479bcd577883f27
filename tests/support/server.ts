import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PasswordHasher, Storage } from '@rounds/domain';
import { createLogger, createRounds, parseConfig, type Rounds } from '@rounds/server';

export const ADMIN = { email: 'admin@example.org', password: 'admin-password-1' } as const;
const WEB_DIST = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));
const MAIN = fileURLToPath(new URL('../../apps/server/src/main.ts', import.meta.url));

export interface TestServer {
  url: string;
  wsUrl: string;
  dataDir: string;
  rounds: Rounds;
  stop(): Promise<void>;
}

/** Starts the real server in this process on port 0 with a fresh temp data dir and a bootstrapped admin. */
export async function startServer(
  env: Record<string, string> = {},
  dataDir?: string,
  opts: {
    bootstrapAdmin?: boolean;
    clock?: { now(): number };
    /** e.g. `GatedHasher`, to hold a sign-in between verifying its password and starting its session. */
    hasher?: PasswordHasher;
    /** e.g. `yieldingStorage`: the real store, answering like a networked one. */
    wrapStorage?: (storage: Storage) => Storage;
  } = {},
): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'rounds-test-'));
  const parsed = parseConfig(
    { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent', ...env },
    WEB_DIST,
  );
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const rounds = createRounds(parsed.config, createLogger(parsed.config.logLevel), {
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.hasher ? { hasher: opts.hasher } : {}),
    ...(opts.wrapStorage ? { wrapStorage: opts.wrapStorage } : {}),
  });
  const url = await rounds.listen();
  if (opts.bootstrapAdmin !== false) await rounds.users.bootstrapAdmin(ADMIN.email, ADMIN.password);
  rounds.markReady();
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    dataDir: dir,
    rounds,
    stop: async () => {
      await rounds.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ChildServer {
  url: string;
  wsUrl: string;
  process: ChildProcess;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  output: () => string;
}

/** Starts `apps/server/src/main.ts` as a separate process (for kill -9 and SIGTERM tests). */
export async function startChildServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ROUNDS_ADMIN_EMAIL: ADMIN.email,
      ROUNDS_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (): void => {
      const m = /"url":"(http:\/\/[^"]+)".*Rounds is listening/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then(() => reject(new Error(`server exited:\n${out}`)));
  });
  // The admin is created right after listening; wait until sign-in works.
  for (let i = 0; env.ROUNDS_ADMIN_EMAIL !== '' && i < 50; i++) {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    }).catch(() => null);
    if (res?.ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, wsUrl: url.replace(/^http/, 'ws'), process: child, exited, output: () => out };
}
