import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRounds, parseConfig } from '@rounds/server';
import { ADMIN, type TestServer } from './server.ts';

/** One call to the server's logger, as a test sees it. */
export interface LogRecord {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  bindings: Record<string, unknown>;
  fields: Record<string, unknown>;
  msg: string | undefined;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const WEB_DIST = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));

/** A logger with pino's calling shape that keeps every record in memory. */
function memoryLogger(records: LogRecord[], bindings: Record<string, unknown> = {}): unknown {
  const logger: Record<string, unknown> = {
    level: 'trace',
    child: (more: Record<string, unknown>) => memoryLogger(records, { ...bindings, ...more }),
  };
  for (const level of LEVELS) {
    logger[level] = (first?: unknown, second?: unknown) => {
      const fields = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
      const msg = typeof first === 'string' ? first : typeof second === 'string' ? second : undefined;
      records.push({ level, bindings, fields, msg });
    };
  }
  return logger;
}

/** Like `startServer`, with every log record of the server kept in `logs` for the test to inspect. */
export async function startServerCapturingLogs(
  env: Record<string, string> = {},
): Promise<{ server: TestServer; logs: LogRecord[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-test-'));
  const parsed = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, ...env }, WEB_DIST);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const logs: LogRecord[] = [];
  const rounds = createRounds(parsed.config, memoryLogger(logs) as Parameters<typeof createRounds>[1]);
  const url = await rounds.listen();
  await rounds.users.bootstrapAdmin(ADMIN.email, ADMIN.password);
  rounds.markReady();
  const server: TestServer = {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    dataDir: dir,
    rounds,
    stop: async () => {
      await rounds.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return { server, logs };
}
