import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiStatus } from '../api.ts';
import { fetchThreads } from './threadApi.ts';
import type { ThreadsResponse } from './threadTypes.ts';

/** Comments do not travel through the collaboration socket: look again this often. */
const REFRESH_MS = 15_000;

export type ThreadsState =
  | { status: 'loading' }
  /** The server has no comment threads (yet), or refuses them to this user: hide the feature. */
  | { status: 'unavailable' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: ThreadsResponse };

/** A page's comment threads, refreshed periodically and on demand (after posting, resolving, …). */
export function useThreads(pageId: string): { state: ThreadsState; refresh: () => void } {
  const [state, setState] = useState<ThreadsState>({ status: 'loading' });
  const controller = useRef<AbortController | null>(null);
  const unavailable = useRef(false);

  const refresh = useCallback(() => {
    if (unavailable.current) return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    fetchThreads(pageId, current.signal).then(
      (data) => setState({ status: 'ready', data }),
      (err: unknown) => {
        if (current.signal.aborted) return;
        if (isApiStatus(err, 404) || isApiStatus(err, 403)) {
          unavailable.current = true;
          setState({ status: 'unavailable' });
        } else {
          // Keep showing the threads we have; say so only when there are none.
          setState((prev) =>
            prev.status === 'ready'
              ? prev
              : { status: 'error', message: err instanceof Error ? err.message : 'Could not load comments.' },
          );
        }
      },
    );
  }, [pageId]);

  useEffect(() => {
    unavailable.current = false;
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.current?.abort();
    };
  }, [refresh]);

  return { state, refresh };
}
