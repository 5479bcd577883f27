import type { PageDetails } from '../review/reviewTypes.ts';
import { formatDateTime } from '../formatRelativeTime.ts';

function formatDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toLocaleDateString(undefined, { dateStyle: 'long' });
}

/** "Reviewed by Dr X on <date>", and notes when an update is under review or the review is due. */
export function ReviewedBy({ page }: { page: PageDetails }) {
  const names = (page.reviewedBy ?? []).map((r) => r.name);
  const who = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}` : names[0];
  return (
    <div className="reviewed-by" data-testid="reviewed-by">
      {who && (
        <p className="reviewed-by__line">
          <span className="reviewed-by__check" aria-hidden="true">
            ✓
          </span>
          <span>
            Reviewed by {who}
            {page.publishedAt && (
              <>
                {' '}
                on{' '}
                <time dateTime={page.publishedAt} title={formatDateTime(page.publishedAt)}>
                  {formatDate(page.publishedAt)}
                </time>
              </>
            )}
          </span>
        </p>
      )}
      {page.reviewDue && (
        <p className="reviewed-by__due">
          <span className="badge badge--due">Review due</span> This page has not been re-reviewed within its
          review period; check key facts against current guidance.
        </p>
      )}
      {page.pendingReview && <p className="reviewed-by__pending">An update to this page is under review.</p>}
    </div>
  );
}
