import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS } from '@rounds/shared';
import { errorMessage } from '../api.ts';
import { renamePage } from '../pages/pageLifecycleApi.ts';

interface PageTitleProps {
  pageId: string;
  title: string;
  canRename: boolean;
  onRenamed: (title: string) => void;
}

/** The page's title; people who may edit rename it in place (Enter saves, Escape cancels). */
export function PageTitle({ pageId, title, canRename, onRenamed }: PageTitleProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(title);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  useEffect(() => {
    if (editing) input.current?.select();
    // Back to the Rename button after saving or cancelling, so keyboard users keep their place.
    else if (wasEditing.current) renameButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const start = () => {
    setDraft(title);
    setError(null);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    setError(null);
  };
  const save = (e?: FormEvent) => {
    e?.preventDefault();
    const next = draft.trim();
    if (next === title) return cancel();
    if (!next) return setError('The title cannot be empty.');
    setBusy(true);
    renamePage(pageId, next).then(
      (renamed) => {
        setBusy(false);
        setEditing(false);
        onRenamed(renamed.title);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'Could not rename the page.'));
      },
    );
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  };

  if (!editing) {
    return (
      <div className="page-title">
        <h1 className="page-header__title">{title}</h1>
        {canRename && (
          <button
            ref={renameButton}
            type="button"
            className="button button--ghost button--small page-title__rename"
            onClick={start}
          >
            Rename
          </button>
        )}
      </div>
    );
  }
  return (
    <form className="page-title page-title--editing" onSubmit={save}>
      <label htmlFor="page-title-input" className="visually-hidden">
        Page title
      </label>
      <input
        id="page-title-input"
        ref={input}
        className="page-title__input"
        value={draft}
        maxLength={LIMITS.titleMax}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'page-title-error' : undefined}
        disabled={busy}
      />
      <button type="submit" className="button button--primary button--small" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="button button--ghost button--small" onClick={cancel} disabled={busy}>
        Cancel
      </button>
      {error && (
        <p id="page-title-error" className="error-note page-title__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
