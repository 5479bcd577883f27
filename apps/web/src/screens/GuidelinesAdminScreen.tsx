import '../styles/professionalism.css';
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { PROFESSIONALISM_LIMITS } from '@rounds/shared';
import { errorMessage } from '../api.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import {
  fetchGuidelines,
  previewGuidelines,
  saveGuidelines,
  type Guidelines,
} from '../professionalism/professionalismApi.ts';

const PREVIEW_DELAY_MS = 400;

/** `/admin/guidelines`: edit the Markdown with a preview, choose whether to enforce, save a new version. */
export function GuidelinesAdminScreen() {
  const [current, setCurrent] = useState<Guidelines | null>(null);
  const [markdown, setMarkdown] = useState('');
  const [enforce, setEnforce] = useState(false);
  const [preview, setPreview] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textId = useId();
  const enforceId = useId();

  useEffect(() => {
    const controller = new AbortController();
    fetchGuidelines(controller.signal).then(
      (g) => {
        setCurrent(g);
        setMarkdown(g.markdown);
        setEnforce(g.enforce);
        setPreview(g.html);
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setLoadError(errorMessage(err, 'Could not load the guidelines.'));
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (!current || markdown.trim() === '') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      previewGuidelines(markdown, controller.signal).then(
        ({ html }) => setPreview(html),
        () => undefined, // saving reports any problem with the text
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [markdown, current]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    saveGuidelines(markdown, enforce).then(
      (g) => {
        setBusy(false);
        setCurrent(g);
        setSaved(`Saved as version ${g.version}. Everyone will be asked to acknowledge it.`);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'Could not save the guidelines.'));
      },
    );
  };

  if (loadError) return <ErrorNote message={loadError} />;
  if (!current) return <LoadingNote label="Loading the guidelines…" />;
  const unchanged = markdown.trim() === current.markdown.trim() && enforce === current.enforce;

  return (
    <div className="page-width page-width--wide">
      <div className="screen-header">
        <h1>Guidelines</h1>
        <p className="screen-header__lead">
          The school’s guidelines for professional conduct online, currently version {current.version}. Saving
          makes a new version that everyone acknowledges at their next visit.
        </p>
      </div>
      <form className="form guidelines-editor" onSubmit={onSubmit}>
        <div className="guidelines-editor__panes">
          <div className="field">
            <label htmlFor={textId}>Guidelines (Markdown)</label>
            <textarea
              id={textId}
              rows={22}
              maxLength={PROFESSIONALISM_LIMITS.guidelinesMarkdownMax}
              value={markdown}
              onChange={(e) => setMarkdown(e.target.value)}
            />
            <p className="field__hint">
              {markdown.length.toLocaleString()} of{' '}
              {PROFESSIONALISM_LIMITS.guidelinesMarkdownMax.toLocaleString()} characters. Raw HTML is shown as
              text.
            </p>
          </div>
          <section className="guidelines-editor__preview" aria-label="Preview">
            <h2 className="guidelines-editor__preview-title">Preview</h2>
            {/* Rendered and sanitized by the server. */}
            <div
              className="prose guidelines__text"
              tabIndex={0}
              dangerouslySetInnerHTML={{ __html: preview }}
            />
          </section>
        </div>
        <div className="field field--checkbox">
          <label htmlFor={enforceId}>
            <input
              id={enforceId}
              type="checkbox"
              checked={enforce}
              onChange={(e) => setEnforce(e.target.checked)}
            />{' '}
            Enforce: nobody edits, comments or reports before acknowledging the current version
          </label>
          <p className="field__hint">
            Off by default so scripts and API clients keep working. Reading is always allowed.
          </p>
        </div>
        <ErrorNote message={error} />
        {saved && (
          <p className="success-note" role="status">
            {saved}
          </p>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || unchanged || !markdown.trim()}
          >
            Save new version
          </button>
        </div>
      </form>
    </div>
  );
}
