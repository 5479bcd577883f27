import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api.ts';
import { listReferences } from './referenceApi.ts';
import type { ReferenceView } from './referenceTypes.ts';

export type ReferencesState =
  | { status: 'loading' }
  | { status: 'ready'; references: ReferenceView[] }
  | { status: 'error'; message: string };

export interface PageReferences {
  state: ReferencesState;
  /** Reload after adding, rating or deleting. */
  refresh: () => void;
}

const REFRESH_MS = 20_000;

/** The page's reference library, reloaded on demand, every 20 s and when the tab regains focus. */
export function useReferences(pageId: string): PageReferences {
  const [state, setState] = useState<ReferencesState>({ status: 'loading' });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    listReferences(pageId, controller.signal).then(
      (references) => setState({ status: 'ready', references }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', message: errorMessage(err, 'Could not load the references.') });
      },
    );
    return () => controller.abort();
  }, [pageId, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  // Co-authors add, rate and delete references too; pick their changes up without a reload.
  useEffect(() => {
    const timer = setInterval(refresh, REFRESH_MS);
    window.addEventListener('focus', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, [refresh]);

  return { state, refresh };
}

/** A short "Author, year" line for pickers: first author's family name and the year. */
export function shortCitation(ref: ReferenceView): string {
  const first = ref.csl.author?.[0];
  const author = first?.family ?? first?.literal ?? '';
  const more = (ref.csl.author?.length ?? 0) > 1 ? ' et al.' : '';
  const year = ref.csl.issued?.['date-parts'][0]?.[0];
  return [author && `${author}${more}`, year].filter(Boolean).join(', ');
}
