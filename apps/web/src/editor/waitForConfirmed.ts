import type { ConnectionTracker } from './ConnectionTracker.ts';

/**
 * Resolves true once the server has acknowledged every local change (so a snapshot taken now
 * includes the last keystroke), false if that does not happen within `timeoutMs`.
 */
export function waitForConfirmed(tracker: ConnectionTracker, timeoutMs: number): Promise<boolean> {
  const confirmed = () => {
    const { state, unconfirmedChanges } = tracker.getSnapshot();
    return state !== 'offline' && !unconfirmedChanges;
  };
  if (confirmed()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (value: boolean) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    };
    const timer = setTimeout(() => finish(confirmed()), timeoutMs);
    const unsubscribe = tracker.subscribe(() => {
      if (confirmed()) finish(true);
    });
  });
}
