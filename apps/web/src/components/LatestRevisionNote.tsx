import type { UserView } from '@rounds/shared';
import type { People, RevisionView } from '../review/reviewTypes.ts';
import { joinNames } from '../review/names.ts';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';

interface LatestRevisionNoteProps {
  revisions: RevisionView[];
  people: People;
  user: UserView;
}

/**
 * Where the latest submission stands, with the reviewers' comments: students see their own latest
 * revision, reviewers the page's.
 */
export function LatestRevisionNote({ revisions, people, user }: LatestRevisionNoteProps) {
  const mine = (r: RevisionView) => r.createdBy === user.id || r.authors.includes(user.id);
  const latest = user.role === 'student' ? revisions.find(mine) : revisions[0];
  if (!latest || latest.state === 'superseded') return null;

  const decisive = latest.reviews.filter((r) =>
    latest.state === 'changes_requested' ? r.decision === 'request_changes' : r.decision === 'approve',
  );
  const reviewers = joinNames(
    people,
    decisive.map((r) => r.reviewerId),
  );
  const when = decisive.at(-1)?.createdAt ?? latest.createdAt;
  const lead =
    latest.state === 'pending'
      ? `Revision ${latest.seq} is waiting for review`
      : latest.state === 'changes_requested'
        ? `Changes requested by ${reviewers || 'a reviewer'} on revision ${latest.seq}`
        : `Revision ${latest.seq} was approved by ${reviewers || 'a reviewer'} and published`;

  return (
    <section
      className={`revision-note revision-note--${latest.state}`}
      aria-label="Latest revision"
      data-testid="latest-revision"
    >
      <p className="revision-note__lead">
        <strong>{lead}</strong>{' '}
        <time dateTime={when} title={formatDateTime(when)} className="muted">
          · {formatRelativeTime(when)}
        </time>
      </p>
      {latest.state === 'pending' && latest.reviews.length > 0 && (
        <p className="revision-note__more">
          Approved so far by{' '}
          {joinNames(
            people,
            latest.reviews.map((r) => r.reviewerId),
          )}
          ; it needs more sign-offs before it is published.
        </p>
      )}
      {decisive
        .filter((r) => r.comment)
        .map((r) => (
          <blockquote key={r.id} className="revision-note__comment">
            {r.comment}
          </blockquote>
        ))}
      {latest.state === 'changes_requested' && (
        <p className="revision-note__more">Edit the draft, then submit it for review again.</p>
      )}
    </section>
  );
}
