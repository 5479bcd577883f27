import { Link } from 'react-router-dom';
import type { People, QueueItem, ReviewDecision, ReviewOutcome } from '../review/reviewTypes.ts';
import { joinNames } from '../review/names.ts';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';
import { DiffView } from './DiffView.tsx';
import { ReviewList } from './ReviewList.tsx';
import { ReviewDecisionForm } from './ReviewDecisionForm.tsx';
import { PageThreads } from './PageThreads.tsx';
import { CitationSummary } from './CitationSummary.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { LoadingNote } from './LoadingNote.tsx';
import { useReviewDiff } from '../review/useReviewDiff.ts';

interface QueueItemCardProps {
  item: QueueItem;
  people: People;
  onReviewed: (item: QueueItem, outcome: ReviewOutcome, decision: ReviewDecision) => void;
  /** The server says the revision can no longer be decided (e.g. superseded). */
  onGone?: (item: QueueItem, message: string) => void;
}

/** One pending revision: what it is, who wrote it, what changed against the published page, and the decision. */
export function QueueItemCard({ item, people, onReviewed, onGone }: QueueItemCardProps) {
  const { page, revision } = item;
  const headingId = `queue-${revision.id}`;
  // The revision as the reviewer signs it, against what learners read now: words, marks, link
  // targets, citations and references (the queue's own block list is text only).
  const diff = useReviewDiff(page.id, item.publishedRevisionId ?? 'published', revision.id);
  const count =
    diff.status === 'ready'
      ? diff.diff.changes.length + (diff.diff.truncatedChanges ?? 0)
      : item.changes.length + (item.truncatedChanges ?? 0);
  return (
    <li className="card queue-item" aria-labelledby={headingId} data-testid="queue-item">
      <div className="queue-item__head">
        <h2 id={headingId} className="queue-item__title">
          <Link to={`/pages/${encodeURIComponent(page.id)}`}>{page.title}</Link>
        </h2>
        <span className="queue-item__meta">
          Revision {revision.seq} ·{' '}
          <time dateTime={revision.createdAt} title={formatDateTime(revision.createdAt)}>
            submitted {formatRelativeTime(revision.createdAt)}
          </time>
        </span>
      </div>
      <p className="queue-item__authors">
        By {joinNames(people, revision.authors)}
        {item.publishedRevisionId ? ' · update to a published page' : ' · first publication'}
      </p>
      {item.title && item.title.before !== null && item.title.before !== item.title.after && (
        <p className="queue-item__title-change" data-testid="title-change">
          Title: <del>{item.title.before}</del> → <ins>{item.title.after}</ins>
        </p>
      )}
      {revision.message && <blockquote className="queue-item__message">{revision.message}</blockquote>}
      <h3 className="queue-item__subtitle">
        {count} unreviewed {count === 1 ? 'block' : 'blocks'}
        <span className="muted">
          {' '}
          {item.publishedRevisionId ? 'against the published page' : '(all new)'}
        </span>
      </h3>
      {diff.status === 'loading' && <LoadingNote label="Comparing with the published page…" />}
      {diff.status === 'error' && <ErrorNote message={diff.message} />}
      {diff.status === 'ready' && (
        <DiffView
          changes={diff.diff.changes}
          references={diff.diff.references}
          truncatedChanges={diff.diff.truncatedChanges}
          imageChanges={diff.diff.imageChanges}
          truncatedImageChanges={diff.diff.truncatedImageChanges}
          label={`Changes in ${page.title}`}
        />
      )}
      <CitationSummary
        uncitedClaims={item.uncitedClaims ?? []}
        uncitedClaimsTotal={item.uncitedClaimsTotal}
        evidence={item.evidence ?? {}}
      />
      <ReviewList reviews={revision.reviews} people={people} />
      <PageThreads pageId={page.id} />
      <ReviewDecisionForm
        revision={revision}
        pageTitle={page.title}
        coAuthored={item.coAuthored}
        approveBlocked={
          diff.status === 'loading'
            ? 'Approve is available once the changes are shown.'
            : diff.status === 'error'
              ? 'The changes could not be shown, so this revision cannot be approved here; reload the page.'
              : null
        }
        onReviewed={(outcome, decision) => onReviewed(item, outcome, decision)}
        onGone={onGone && ((message) => onGone(item, message))}
      />
    </li>
  );
}
