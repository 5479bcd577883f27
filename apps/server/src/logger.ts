import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Where a secret could sit in a logged object, should anyone ever log one: cookies and
 * credentials in headers, passwords, reset and setup tokens, session secrets, bodies. Censored
 * at any of the first two levels of nesting.
 */
const SECRET_KEYS = [
  'cookie',
  'authorization',
  '["set-cookie"]',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'secret',
  'sessionSecret',
  'body',
];
const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => (k.startsWith('[') ? `*${k}` : `*.${k}`)),
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

/** A URL or path without its query string (reset and setup links carry their token there). */
export const withoutQuery = (value: unknown): unknown =>
  typeof value === 'string' ? value.replace(/[?#].*$/s, '') : value;

/**
 * The one logger of the server. Logs ids and sizes only: never page content, request bodies,
 * passwords, tokens or cookies. Requests are not logged one by one; the redact list and the
 * query-stripping of `url`/`path` are a last line of defence, not the policy
 * (`tests/integration/secretsNotLogged.test.ts` scans a scripted run's log for every secret).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'rounds' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { url: withoutQuery, path: withoutQuery },
  };
  return destination ? pino(options, destination) : pino(options);
}
