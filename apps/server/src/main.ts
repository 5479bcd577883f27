import { fileURLToPath } from 'node:url';
import { parseConfig } from './config.ts';
import { createRounds } from './createRounds.ts';
import { createLogger } from './logger.ts';
import { bootstrapRounds } from './startRounds.ts';

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

// Printed to stdout for the person starting the server, deliberately not through the log.
await bootstrapRounds(rounds, config, logger, url, (line) => console.log(line));

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
