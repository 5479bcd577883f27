import { fileURLToPath } from 'node:url';
import { parseConfig } from './config.ts';
import { createRounds } from './createRounds.ts';
import { createLogger } from './logger.ts';

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
const parsed = parseConfig(process.env, defaultWebDist);
if (!parsed.ok) {
  console.error(
    `Rounds cannot start; fix the environment:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}
const { config } = parsed;
const logger = createLogger(config.logLevel);
const rounds = createRounds(config, logger);

const url = await rounds.listen();
logger.info({ url, dataDir: config.dataDir }, 'Rounds is listening');

if (config.admin) {
  const result = await rounds.users.bootstrapAdmin(config.admin.email, config.admin.password);
  if (result === 'created') logger.info('admin created from ROUNDS_ADMIN_EMAIL');
} else {
  const token = await rounds.users.issueSetupToken();
  if (token) {
    const base = config.publicUrl ?? url;
    // Printed to stdout for the person starting the server, deliberately not through the log.
    console.log(
      `\nNo users yet. Create the first admin here (one-time link):\n  ${base}/setup?token=${token}\n`,
    );
  }
}

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  rounds.close().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
