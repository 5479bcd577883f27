import { useEffect, useState } from 'react';
import { errorMessage } from '../api.ts';
import { fetchDiff } from './reviewApi.ts';
import type { DiffResponse } from './reviewTypes.ts';

export type ReviewDiffState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; diff: DiffResponse };

/** The rich diff between two versions (`published`, `draft` or a revision id), loaded again when either changes. */
export function useReviewDiff(pageId: string, from: string, to: string): ReviewDiffState {
  const [state, setState] = useState<ReviewDiffState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchDiff(pageId, from, to, controller.signal).then(
      (diff) => setState({ status: 'ready', diff }),
      (err: unknown) => {
        if (!controller.signal.aborted)
          setState({ status: 'error', message: errorMessage(err, 'Could not compare these versions.') });
      },
    );
    return () => controller.abort();
  }, [pageId, from, to]);
  return state;
}
