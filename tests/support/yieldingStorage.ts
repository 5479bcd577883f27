import type { Storage } from '@rounds/domain';
import { setImmediate } from 'node:timers/promises';

/**
 * The real storage, answering like a networked one (PostgreSQL): every port call waits a turn of
 * the event loop before it runs and before its answer arrives, so other requests interleave between
 * any two calls of a use case. Not a mock: every call still reaches the real store.
 */
export function yieldingStorage(storage: Storage): Storage {
  const yielding = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await setImmediate();
          try {
            const call = value as (...a: unknown[]) => unknown;
            return await call.apply(target, args);
          } finally {
            await setImmediate();
          }
        };
      },
    });
  // Every port, including those added later; `close` stays as it is.
  return Object.fromEntries(
    Object.entries(storage).map(([name, port]: [string, unknown]) => [
      name,
      typeof port === 'object' && port !== null ? yielding(port) : port,
    ]),
  ) as unknown as Storage;
}
