export { createRounds } from './createRounds.ts';
export type { Rounds } from './createRounds.ts';
export { parseConfig } from './config.ts';
export type { Config } from './config.ts';
export { createLogger } from './logger.ts';
export { bootstrapRounds } from './startRounds.ts';
