import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchPage } from './reviewApi.ts';
import type { PageDetails } from './reviewTypes.ts';

/** Reviews happen elsewhere: look again this often (and when the tab regains focus). */
const REFRESH_MS = 30_000;

/** A page's review state kept fresh while it is open; `refresh` after acting on it. */
export function usePageDetails(initial: PageDetails): { page: PageDetails; refresh: () => void } {
  const [page, setPage] = useState(initial);
  const controller = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    fetchPage(initial.id, current.signal).then(setPage, () => {
      // Keep what we have: the editor itself reports connection problems.
    });
  }, [initial.id]);

  useEffect(() => {
    const timer = setInterval(refresh, REFRESH_MS);
    const onFocus = () => refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      controller.current?.abort();
    };
  }, [refresh]);

  return { page, refresh };
}
