import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The one logger of the server. Logs ids and sizes only: never page content, request bodies,
 * passwords or cookies (the redact list is a last line of defence, not the policy).
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'rounds' },
    redact: { paths: ['req.headers.cookie', 'password', '*.password', 'cookie'], censor: '[redacted]' },
  });
}
