import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../api.ts';
import type { People } from '../review/reviewTypes.ts';
import { personName } from '../review/names.ts';
import { replyToThread, setThreadStatus } from '../threads/threadApi.ts';
import { COMMENT_MAX } from '../threads/threadTypes.ts';
import type { ThreadView } from '../threads/threadTypes.ts';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { CommentBody } from './CommentBody.tsx';

interface ThreadCardProps {
  thread: ThreadView;
  people: People;
  /** Selected in the editor: its range is highlighted more strongly. */
  active?: boolean;
  /** The anchored text was deleted since; the quote still says what it was about. */
  detached?: boolean;
  onSelect?: (threadId: string) => void;
  /** After a reply, resolve or reopen: load the threads again. */
  onChanged: () => void;
}

/** A comment thread: what it is about, the conversation, a reply box, and resolve / reopen. */
export function ThreadCard({ thread, people, active, detached, onSelect, onChanged }: ThreadCardProps) {
  const [reply, setReply] = useState('');
  const [replying, setReplying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const replyId = useId();
  const resolved = thread.status === 'resolved';

  const run = (action: () => Promise<unknown>, done: () => void) => {
    setBusy(true);
    setError(null);
    action().then(
      () => {
        setBusy(false);
        done();
        onChanged();
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'Could not update the thread.'));
      },
    );
  };

  const onReply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!reply.trim()) return;
    run(
      () => replyToThread(thread.id, reply.trim()),
      () => {
        setReply('');
        setReplying(false);
      },
    );
  };

  const classes = ['thread', active && 'thread--active', resolved && 'thread--resolved']
    .filter(Boolean)
    .join(' ');
  return (
    <article
      className={classes}
      id={`thread-${thread.id}`}
      aria-label={`Comment on “${thread.quote}”`}
      data-testid="thread"
    >
      {onSelect && !detached ? (
        <button
          type="button"
          className="thread__quote thread__quote--button"
          title="Show in the page"
          aria-pressed={active ?? false}
          onClick={() => onSelect(thread.id)}
        >
          {thread.quote || 'Comment'}
        </button>
      ) : (
        <blockquote className="thread__quote">{thread.quote || 'Comment'}</blockquote>
      )}
      {detached && <p className="thread__detached">The commented text has been removed.</p>}
      <ol className="thread__comments">
        {thread.comments.map((comment) => (
          <li key={comment.id} className="thread__comment">
            <p className="thread__byline">
              <strong>{personName(people, comment.authorId)}</strong>{' '}
              <time dateTime={comment.createdAt} title={formatDateTime(comment.createdAt)}>
                {formatRelativeTime(comment.createdAt)}
              </time>
            </p>
            <CommentBody comment={comment} />
          </li>
        ))}
      </ol>
      {resolved && (
        <p className="thread__resolved">
          Resolved{thread.resolvedBy ? ` by ${personName(people, thread.resolvedBy)}` : ''}
        </p>
      )}
      {replying && (
        <form className="thread__reply" onSubmit={onReply}>
          <label htmlFor={replyId} className="visually-hidden">
            Reply
          </label>
          <textarea
            id={replyId}
            rows={2}
            maxLength={COMMENT_MAX}
            value={reply}
            placeholder="Reply…"
            onChange={(e) => setReply(e.target.value)}
            autoFocus
          />
          <div className="form-actions">
            <button
              type="submit"
              className="button button--primary button--small"
              disabled={busy || !reply.trim()}
            >
              Post reply
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => setReplying(false)}
              disabled={busy}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
      {!replying && (
        <div className="thread__actions">
          {!resolved && (
            <button type="button" className="button button--small" onClick={() => setReplying(true)}>
              Reply
            </button>
          )}
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={busy}
            onClick={() =>
              run(
                () => setThreadStatus(thread.id, resolved ? 'reopen' : 'resolve'),
                () => undefined,
              )
            }
          >
            {resolved ? 'Reopen' : 'Resolve'}
          </button>
        </div>
      )}
      <ErrorNote message={error} />
    </article>
  );
}
