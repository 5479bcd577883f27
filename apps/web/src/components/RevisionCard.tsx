import type { People, RevisionView } from '../review/reviewTypes.ts';
import { joinNames } from '../review/names.ts';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';
import { RevisionStateBadge } from './RevisionStateBadge.tsx';
import { ReviewList } from './ReviewList.tsx';
import { RestoreRevision } from './RestoreRevision.tsx';

interface RevisionCardProps {
  revision: RevisionView;
  people: People;
  isPublished: boolean;
  onCompare: (revision: RevisionView) => void;
  onRestored: (revision: RevisionView) => void;
}

/** One revision in the history: state, authors, message, reviews and what can be done with it. */
export function RevisionCard({ revision, people, isPublished, onCompare, onRestored }: RevisionCardProps) {
  return (
    <li className="revision" aria-labelledby={`revision-${revision.id}`}>
      <div className="revision__head">
        <h3 id={`revision-${revision.id}`} className="revision__title">
          Revision {revision.seq}
        </h3>
        <RevisionStateBadge state={revision.state} />
        {isPublished && <span className="badge badge--published">Published now</span>}
        {revision.purgedAt && (
          <span
            className="badge badge--purged"
            title={`Text removed by an admin ${formatDateTime(revision.purgedAt)}`}
          >
            Purged
          </span>
        )}
        <time dateTime={revision.createdAt} title={formatDateTime(revision.createdAt)} className="muted">
          {formatRelativeTime(revision.createdAt)}
        </time>
      </div>
      <p className="revision__authors">By {joinNames(people, revision.authors)}</p>
      {revision.message && <p className="revision__message">{revision.message}</p>}
      <ReviewList reviews={revision.reviews} people={people} />
      <div className="revision__actions">
        {!isPublished && (
          <button type="button" className="button button--small" onClick={() => onCompare(revision)}>
            Compare with published
          </button>
        )}
        <RestoreRevision revision={revision} onRestored={onRestored} />
      </div>
    </li>
  );
}
