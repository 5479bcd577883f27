import { useState } from 'react';
import { useEditorState } from '@tiptap/react';
import type { Editor } from '@tiptap/react';
import { AddReferenceForm } from '../components/AddReferenceForm.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { ReferenceItem } from '../components/ReferenceItem.tsx';
import type { PageReferences } from '../citations/useReferences.ts';
import { liveCitedOrder } from './CitationView.ts';

interface ReferencesPanelProps {
  editor: Editor;
  pageId: string;
  references: PageReferences;
}

/** The page's references below the editor: cited ones numbered in citation order, then the rest. */
export function ReferencesPanel({ editor, pageId, references }: ReferencesPanelProps) {
  const [adding, setAdding] = useState(false);
  const order = useEditorState({
    editor,
    selector: ({ editor: e }) => liveCitedOrder(e.state).join(' '),
  });
  const { state, refresh } = references;
  const all = state.status === 'ready' ? state.references : [];
  const known = new Map(all.map((r) => [r.id, r]));
  const cited = order.split(' ').flatMap((id) => {
    const ref = known.get(id);
    return ref ? [ref] : [];
  });
  const citedIds = new Set(cited.map((r) => r.id));
  const uncited = all.filter((r) => !citedIds.has(r.id));

  return (
    <section className="references-panel" aria-labelledby="references-heading">
      <div className="references-panel__head">
        <h2 id="references-heading" className="references-panel__title">
          References {all.length > 0 && <span className="threads__count">{all.length}</span>}
        </h2>
        {!adding && (
          <button type="button" className="button button--small" onClick={() => setAdding(true)}>
            Add reference
          </button>
        )}
      </div>
      {adding && (
        <AddReferenceForm
          pageId={pageId}
          onAdded={() => {
            setAdding(false);
            refresh();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {state.status === 'error' && <ErrorNote message={state.message} />}
      {state.status === 'ready' && all.length === 0 && !adding && (
        <p className="references-panel__empty">
          No references yet. Add some, then cite them with “Cite” in the toolbar.
        </p>
      )}
      {cited.length > 0 && (
        <ol className="references-panel__list" aria-label="Cited references">
          {cited.map((ref, i) => (
            <ReferenceItem key={ref.id} pageId={pageId} reference={ref} number={i + 1} onChanged={refresh} />
          ))}
        </ol>
      )}
      {uncited.length > 0 && (
        <>
          <h3 className="references-panel__subtitle">Not cited yet</h3>
          <ul className="references-panel__list" aria-label="Uncited references">
            {uncited.map((ref) => (
              <ReferenceItem key={ref.id} pageId={pageId} reference={ref} number={null} onChanged={refresh} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
