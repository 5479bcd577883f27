import type { ReactNode } from 'react';
import type { PageView } from '@rounds/shared';
import { StatusBadge } from './StatusBadge.tsx';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';

interface PageHeaderProps {
  page: PageView;
  /** Shown on the right: presence and connection for editors. */
  children?: ReactNode;
  /** Learners only ever see published content: no draft badges. */
  showStatus?: boolean;
}

/** Title of a page with its review state. */
export function PageHeader({ page, children, showStatus = true }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div className="page-header__main">
        <h1 className="page-header__title">{page.title}</h1>
        {showStatus && (
          <p className="page-header__meta">
            <StatusBadge published={page.published} />
            {page.pendingReview && <span className="badge badge--pending">In review</span>}
            {page.reviewDue && <span className="badge badge--due">Review due</span>}
            <time dateTime={page.updatedAt} title={formatDateTime(page.updatedAt)}>
              Updated {formatRelativeTime(page.updatedAt)}
            </time>
          </p>
        )}
      </div>
      {children && <div className="page-header__side">{children}</div>}
    </header>
  );
}
