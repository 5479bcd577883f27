import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../api.ts';
import { addReference, importReferences } from '../citations/referenceApi.ts';
import type { ReferenceView } from '../citations/referenceTypes.ts';
import { cslFromForm, EMPTY_FIELDS } from '../citations/cslFromForm.ts';
import type { ReferenceFields } from '../citations/cslFromForm.ts';
import { ErrorNote } from './ErrorNote.tsx';

interface AddReferenceFormProps {
  pageId: string;
  onAdded: (references: ReferenceView[]) => void;
  onCancel: () => void;
  /** Wording of the submit button, e.g. "Add and cite". */
  submitLabel?: string;
}

const FIELDS: { name: keyof ReferenceFields; label: string; wide?: boolean }[] = [
  { name: 'journal', label: 'Journal', wide: true },
  { name: 'year', label: 'Year' },
  { name: 'volume', label: 'Volume' },
  { name: 'issue', label: 'Issue' },
  { name: 'pages', label: 'Pages' },
  { name: 'doi', label: 'DOI' },
  { name: 'pmid', label: 'PMID' },
];

/** Adds references: pasted BibTeX / RIS / MEDLINE (several at once) or one typed in by hand. */
export function AddReferenceForm({ pageId, onAdded, onCancel, submitLabel = 'Add' }: AddReferenceFormProps) {
  const [mode, setMode] = useState<'paste' | 'details'>('paste');
  const [pasted, setPasted] = useState('');
  const [fields, setFields] = useState<ReferenceFields>(EMPTY_FIELDS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mode === 'paste' && !pasted.trim()) {
      setError('Paste one or more BibTeX, RIS or MEDLINE entries first.');
      return;
    }
    if (mode === 'details' && !fields.title.trim()) {
      setError('A reference needs a title.');
      return;
    }
    setBusy(true);
    setError(null);
    const request =
      mode === 'paste' ? importReferences(pageId, pasted) : addReference(pageId, cslFromForm(fields));
    request.then(
      (added) => {
        setBusy(false);
        setPasted('');
        setFields(EMPTY_FIELDS);
        onAdded(added);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'Could not add the reference.'));
      },
    );
  };

  const field = (name: keyof ReferenceFields, label: string, wide = false) => (
    <div key={name} className={wide ? 'field reference-form__wide' : 'field'}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        value={fields[name]}
        onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
      />
    </div>
  );

  return (
    <form className="reference-form" onSubmit={onSubmit} aria-label="Add reference">
      <div className="reference-form__modes" role="radiogroup" aria-label="How to add">
        <label>
          <input type="radio" checked={mode === 'paste'} onChange={() => setMode('paste')} /> Paste BibTeX,
          RIS or MEDLINE
        </label>
        <label>
          <input type="radio" checked={mode === 'details'} onChange={() => setMode('details')} /> Enter
          details
        </label>
      </div>
      {mode === 'paste' ? (
        <div className="field">
          <label htmlFor={`${id}-paste`}>Entries</label>
          <textarea
            id={`${id}-paste`}
            rows={6}
            className="reference-form__paste"
            value={pasted}
            placeholder="@article{…} or TY  - JOUR … or PMID- …"
            onChange={(e) => setPasted(e.target.value)}
          />
        </div>
      ) : (
        <div className="reference-form__grid">
          {field('title', 'Title', true)}
          <div className="field reference-form__wide">
            <label htmlFor={`${id}-authors`}>Authors (one a line, “Family Given”)</label>
            <textarea
              id={`${id}-authors`}
              rows={3}
              value={fields.authors}
              onChange={(e) => setFields({ ...fields, authors: e.target.value })}
            />
          </div>
          {FIELDS.map((f) => field(f.name, f.label, f.wide))}
        </div>
      )}
      <ErrorNote message={error} />
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {busy ? 'Adding…' : submitLabel}
        </button>
        <button type="button" className="button button--small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
