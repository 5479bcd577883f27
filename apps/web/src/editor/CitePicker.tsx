import { useId, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { AddReferenceForm } from '../components/AddReferenceForm.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type { ReferenceView } from '../citations/referenceTypes.ts';
import { shortCitation } from '../citations/useReferences.ts';
import type { PageReferences } from '../citations/useReferences.ts';

interface CitePickerProps {
  editor: Editor;
  pageId: string;
  references: PageReferences;
  onClose: () => void;
}

function matches(ref: ReferenceView, words: string[]): boolean {
  const year = ref.csl.issued?.['date-parts'][0]?.[0] ?? '';
  const authors = (ref.csl.author ?? []).map((a) => `${a.family ?? ''} ${a.given ?? ''} ${a.literal ?? ''}`);
  const haystack = [ref.csl.title, String(year), ...authors, ref.formatted].join(' ').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** Mod-Shift-C / "Cite": choose references by author, title or year and cite them at the cursor. */
export function CitePicker({ editor, pageId, references, onClose }: CitePickerProps) {
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const searchId = useId();
  const all = references.state.status === 'ready' ? references.state.references : [];
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = all.filter((r) => matches(r, words));

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const cite = (refIds: string[]) => {
    if (refIds.length === 0) return;
    const at = editor.state.selection.to;
    editor.chain().focus().insertContentAt(at, { type: 'citation', attrs: { refIds } }).run();
    onClose();
  };

  const toggle = (id: string) =>
    setChosen((ids) => (ids.includes(id) ? ids.filter((i) => i !== id) : [...ids, id]));

  return (
    <div
      className="cite-picker"
      role="dialog"
      aria-label="Cite references"
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      {adding ? (
        <AddReferenceForm
          pageId={pageId}
          submitLabel="Add and cite"
          onAdded={(added) => {
            references.refresh();
            cite([...chosen, ...added.map((r) => r.id).filter((id) => !chosen.includes(id))]);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <>
          <label htmlFor={searchId} className="cite-picker__label">
            Search references
          </label>
          <input
            id={searchId}
            type="search"
            value={query}
            placeholder="Author, title or year"
            autoFocus
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              const first = shown[0];
              cite(chosen.length > 0 ? chosen : first ? [first.id] : []);
            }}
          />
          {references.state.status === 'error' && <ErrorNote message={references.state.message} />}
          {references.state.status === 'ready' && all.length === 0 && (
            <p className="cite-picker__empty">This page has no references yet.</p>
          )}
          {all.length > 0 && shown.length === 0 && (
            <p className="cite-picker__empty">No reference matches “{query}”.</p>
          )}
          <ul className="cite-picker__list">
            {shown.map((ref) => (
              <li key={ref.id}>
                <label className="cite-picker__option">
                  <input type="checkbox" checked={chosen.includes(ref.id)} onChange={() => toggle(ref.id)} />
                  <span>
                    <span className="cite-picker__title">{ref.csl.title}</span>
                    <span className="cite-picker__meta">{shortCitation(ref)}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <div className="form-actions">
            <button
              type="button"
              className="button button--primary button--small"
              disabled={chosen.length === 0}
              onClick={() => cite(chosen)}
            >
              Insert citation
            </button>
            <button type="button" className="button button--small" onClick={() => setAdding(true)}>
              Add new reference
            </button>
            <button type="button" className="button button--ghost button--small" onClick={close}>
              Cancel
            </button>
          </div>
        </>
      )}
    </div>
  );
}
