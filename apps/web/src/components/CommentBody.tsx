import { useState } from 'react';
import type { ThreadComment } from '../threads/threadTypes.ts';
import { ReportDialog } from './ReportDialog.tsx';

/**
 * A comment's text, or the note that faculty hid it (faculty still see the text and why), and a
 * "Report" action opening the report form for this comment.
 */
export function CommentBody({ comment }: { comment: ThreadComment }) {
  const [reporting, setReporting] = useState(false);
  return (
    <>
      {comment.hidden && !comment.body ? (
        <p className="thread__body thread__body--hidden">This comment was hidden by faculty.</p>
      ) : (
        <p className={comment.hidden ? 'thread__body thread__body--hidden' : 'thread__body'}>
          {comment.body}
        </p>
      )}
      {comment.hidden && comment.body && (
        <p className="thread__hidden-note">
          Hidden from students{comment.hiddenReason ? `: ${comment.hiddenReason}` : ''}
        </p>
      )}
      {!comment.hidden && (
        <button
          type="button"
          className="link-button thread__report"
          aria-label="Report this comment"
          onClick={() => setReporting(true)}
        >
          Report
        </button>
      )}
      {reporting && (
        <ReportDialog
          target={{ targetType: 'comment', targetId: comment.id }}
          subject="About this comment."
          onClose={() => setReporting(false)}
        />
      )}
    </>
  );
}
