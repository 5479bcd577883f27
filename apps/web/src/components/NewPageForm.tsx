import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { LIMITS } from '@rounds/shared';
import { api } from '../api.ts';
import { ErrorNote } from './ErrorNote.tsx';

interface CreatedPage {
  id: string;
  slug: string;
  title: string;
}

/** Title field and "Create page" button; opens the new page in the editor. */
export function NewPageForm() {
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) {
      setError('Give the page a title.');
      return;
    }
    setBusy(true);
    setError(null);
    api<CreatedPage>('/api/pages', { method: 'POST', body: { title: trimmed } }).then(
      (page) => navigate(`/pages/${encodeURIComponent(page.id)}`),
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : 'Could not create the page.');
      },
    );
  };

  return (
    <section className="card new-page" aria-labelledby="new-page-heading">
      <h2 id="new-page-heading" className="card__title">
        New page
      </h2>
      <form className="inline-form" onSubmit={onSubmit}>
        <div className="field field--grow">
          <label htmlFor="new-page-title">Title</label>
          <input
            id="new-page-title"
            value={title}
            maxLength={LIMITS.titleMax}
            placeholder="e.g. Community-acquired pneumonia"
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create page'}
        </button>
      </form>
      <ErrorNote message={error} />
    </section>
  );
}
