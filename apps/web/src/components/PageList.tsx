import { Link } from 'react-router-dom';
import type { PageSummaryView } from '@rounds/shared';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';
import { StatusBadge } from './StatusBadge.tsx';

interface PageListProps {
  pages: PageSummaryView[];
  canCreate: boolean;
}

/** Page titles with their publication state and last update. */
export function PageList({ pages, canCreate }: PageListProps) {
  if (pages.length === 0) {
    return (
      <p className="note note--empty">
        {canCreate ? 'No pages yet. Start the first one above.' : 'No pages have been published yet.'}
      </p>
    );
  }
  return (
    <ul className="page-list" aria-label="Pages">
      {pages.map((page) => (
        <li key={page.id} className="page-list__item">
          <Link to={`/pages/${encodeURIComponent(page.id)}`} className="page-list__title">
            {page.title}
          </Link>
          <span className="page-list__meta">
            {page.pendingReview && <span className="badge badge--pending">In review</span>}
            <StatusBadge published={page.published} />
            <time
              dateTime={page.updatedAt}
              title={formatDateTime(page.updatedAt)}
              className="page-list__time"
            >
              Updated {formatRelativeTime(page.updatedAt)}
            </time>
          </span>
        </li>
      ))}
    </ul>
  );
}
