import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapRounds, createLogger, createRounds, parseConfig } from '@rounds/server';
import { afterEach, describe, expect, it } from 'vitest';
import { Argon2Hasher } from '../../apps/server/src/infra/Argon2Hasher.ts';
import { ADMIN, startChildServer } from '../support/server.ts';

const WEB_DIST = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const signIn = (url: string) =>
  fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });

describe('/api/health readiness', () => {
  it('answers 503 {status: "starting"} until the admin from ROUNDS_ADMIN_EMAIL exists, then 200 and sign-in works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-ready-'));
    const parsed = parseConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        ROUNDS_ADMIN_EMAIL: ADMIN.email,
        ROUNDS_ADMIN_PASSWORD: ADMIN.password,
      },
      WEB_DIST,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    // A slow bootstrap (hashing the admin's password under load) held open until the test lets go.
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const argon = new Argon2Hasher();
    const hasher = {
      hash: async (password: string) => {
        if (password === ADMIN.password) await held;
        return argon.hash(password);
      },
      verify: (hash: string, password: string) => argon.verify(hash, password),
    };
    const logger = createLogger('silent');
    const rounds = createRounds(parsed.config, logger, { hasher });
    cleanups.push(async () => {
      await rounds.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const url = await rounds.listen();
    const started = bootstrapRounds(rounds, parsed.config, logger, url, () => {});

    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/api/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'starting' });
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await signIn(url)).status).toBe(401);

    release();
    await started;
    const res = await fetch(`${url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect((await signIn(url)).status).toBe(200);
  });

  it('in the real process (main.ts), health is 200 with the admin able to sign in, and the log says ready', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-ready-child-'));
    const child = await startChildServer(dir);
    cleanups.push(async () => {
      child.process.kill('SIGTERM');
      await child.exited;
      rmSync(dir, { recursive: true, force: true });
    });
    const res = await fetch(`${child.url}/api/health`);
    expect(res.status).toBe(200);
    expect((await signIn(child.url)).status).toBe(200);
    expect(child.output()).toContain('Rounds is ready');
  });

  it('with no users and no admin variables, is ready once the setup link was printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-ready-setup-'));
    const parsed = parseConfig(
      { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent' },
      WEB_DIST,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const logger = createLogger('silent');
    const rounds = createRounds(parsed.config, logger);
    cleanups.push(async () => {
      await rounds.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const url = await rounds.listen();
    expect((await fetch(`${url}/api/health`)).status).toBe(503);
    const printed: string[] = [];
    await bootstrapRounds(rounds, parsed.config, logger, url, (line) => printed.push(line));
    expect(printed.join('\n')).toContain('/setup?token=');
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });
});
