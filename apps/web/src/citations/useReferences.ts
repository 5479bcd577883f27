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

/** The page's reference library, reloaded on demand. */
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
