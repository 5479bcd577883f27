import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../api.ts';
import { startThread } from '../threads/threadApi.ts';
import { COMMENT_MAX } from '../threads/threadTypes.ts';
import type { ThreadAnchor, ThreadView } from '../threads/threadTypes.ts';
import { ErrorNote } from './ErrorNote.tsx';

interface NewThreadFormProps {
  pageId: string;
  anchor: ThreadAnchor;
  quote: string;
  onPosted: (thread: ThreadView) => void;
  onCancel: () => void;
}

/** The first comment of a new thread on the selected text. */
export function NewThreadForm({ pageId, anchor, quote, onPosted, onCancel }: NewThreadFormProps) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bodyId = useId();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!body.trim()) {
      setError('Write a comment first.');
      return;
    }
    setBusy(true);
    setError(null);
    startThread(pageId, anchor, quote, body.trim()).then(onPosted, (err: unknown) => {
      setBusy(false);
      setError(errorMessage(err, 'Could not post the comment.'));
    });
  };

  return (
    <form className="thread thread--new" onSubmit={onSubmit} aria-label="New comment">
      <blockquote className="thread__quote">{quote}</blockquote>
      <label htmlFor={bodyId} className="thread__label">
        Comment
      </label>
      <textarea
        id={bodyId}
        rows={3}
        maxLength={COMMENT_MAX}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
        }}
        autoFocus
      />
      <ErrorNote message={error} />
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {busy ? 'Posting…' : 'Post comment'}
        </button>
        <button type="button" className="button button--small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
