import { useEffect, useSyncExternalStore } from 'react';
import { fetchOpenReportCount } from './professionalismApi.ts';

/** Open reports for the moderation badge; shared by the nav link and the moderation screen. */
let count: number | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setOpenReportCount(next: number | null): void {
  if (next === count) return;
  count = next;
  for (const listener of listeners) listener();
}

const REFRESH_MS = 60_000;
const MIN_GAP_MS = 10_000;
let lastLoad = { moderatorId: '', at: 0 };

/** The count for the nav badge, refreshed every minute and on navigation (`key`). */
export function useOpenReportCount(moderatorId: string | null, key: string): number | null {
  const value = useSyncExternalStore(subscribe, () => count);
  useEffect(() => {
    if (moderatorId === null) return;
    const controller = new AbortController();
    const load = () => {
      fetchOpenReportCount(controller.signal).then(
        ({ open }) => {
          lastLoad = { moderatorId, at: Date.now() };
          setOpenReportCount(open);
        },
        () => undefined, // a hint only; the moderation screen reports errors
      );
    };
    const fresh = lastLoad.moderatorId === moderatorId && Date.now() - lastLoad.at < MIN_GAP_MS;
    if (!fresh) load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [moderatorId, key]);
  return moderatorId === null ? null : value;
}
