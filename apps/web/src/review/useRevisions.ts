import { useEffect, useState } from 'react';
import { errorMessage } from '../api.ts';
import { fetchRevisions } from './reviewApi.ts';
import type { RevisionsResponse } from './reviewTypes.ts';

export type RevisionsState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: RevisionsResponse };

/** A page's revisions, newest first; loaded again whenever `version` changes. */
export function useRevisions(pageId: string, version: string | number = 0): RevisionsState {
  const [state, setState] = useState<RevisionsState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetchRevisions(pageId, controller.signal).then(
      (data) => setState({ status: 'ready', data }),
      (err: unknown) => {
        if (!controller.signal.aborted)
          setState({ status: 'error', message: errorMessage(err, 'Could not load the revisions.') });
      },
    );
    return () => controller.abort();
  }, [pageId, version]);

  return state;
}
