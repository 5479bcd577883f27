import type { People, ReviewView } from '../review/reviewTypes.ts';
import { personName } from '../review/names.ts';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';

/** Faculty decisions on a revision, each with its comment. */
export function ReviewList({ reviews, people }: { reviews: ReviewView[]; people: People }) {
  if (reviews.length === 0) return null;
  return (
    <ul className="review-list" aria-label="Reviews">
      {reviews.map((review) => (
        <li key={review.id} className={`review-list__item review-list__item--${review.decision}`}>
          <p className="review-list__head">
            <strong>
              {review.decision === 'approve' ? 'Approved' : 'Changes requested'} by{' '}
              {personName(people, review.reviewerId)}
            </strong>{' '}
            <time dateTime={review.createdAt} title={formatDateTime(review.createdAt)} className="muted">
              {formatRelativeTime(review.createdAt)}
            </time>
          </p>
          {review.comment && <p className="review-list__comment">{review.comment}</p>}
        </li>
      ))}
    </ul>
  );
}
