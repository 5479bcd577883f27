import { useEffect, useState, type ReactNode } from 'react';
import type { PageView } from '@rounds/shared';
import { StatusBadge } from './StatusBadge.tsx';
import { PageTitle } from './PageTitle.tsx';
import { ArchivedBanner, PageLifecycleActions } from './PageLifecycleActions.tsx';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';

interface PageHeaderProps {
  page: PageView;
  /** Shown on the right: presence and connection for editors. */
  children?: ReactNode;
  /** Learners only ever see published content: no draft badges. */
  showStatus?: boolean;
  /** Live count from the editor; falls back to the server's count when not given. */
  unreviewedBlocks?: number | null;
  /** Live count of clinical claims without a citation; falls back to the server's count. */
  uncitedClaims?: number | null;
}

/**
 * Title of a page with its review state (Draft / Published, under review, review due, unreviewed
 * blocks) and its life cycle: rename in place, archive / restore, the collection (as the viewer's
 * abilities allow).
 */
export function PageHeader({
  page,
  children,
  showStatus = true,
  unreviewedBlocks,
  uncitedClaims,
}: PageHeaderProps) {
  const unreviewed = unreviewedBlocks ?? page.unreviewedBlocks;
  const claims = uncitedClaims ?? page.uncitedClaims;
  // A rename shows at once; the next refresh of the page brings the same title from the server.
  const [renamed, setRenamed] = useState<string | null>(null);
  useEffect(() => setRenamed(null), [page.title]);
  return (
    <>
      <ArchivedBanner page={page} />
      <header className="page-header">
        <div className="page-header__main">
          <PageTitle
            pageId={page.id}
            title={renamed ?? page.title}
            canRename={page.abilities.rename}
            onRenamed={setRenamed}
          />
          {showStatus && (
            <p className="page-header__meta" data-testid="page-status">
              <StatusBadge published={page.published} />
              {page.pendingReview && (
                <span className="badge badge--pending">
                  {page.published ? 'Update under review' : 'Under review'}
                </span>
              )}
              {page.reviewDue && <span className="badge badge--due">Review due</span>}
              {page.publishedTitle && page.publishedTitle !== (renamed ?? page.title) && (
                // A rename reaches learners only with the next approved revision.
                <span className="page-header__published-title" data-testid="published-title">
                  Learners see “{page.publishedTitle}” until a revision with the new title is approved
                </span>
              )}
              <span className={unreviewed > 0 ? 'page-header__unreviewed' : undefined}>
                {unreviewed === 0
                  ? 'Everything reviewed'
                  : `${unreviewed} unreviewed ${unreviewed === 1 ? 'block' : 'blocks'}`}
              </span>
              {claims > 0 && (
                <span className="page-header__uncited" data-testid="uncited-claims">
                  {claims} {claims === 1 ? 'claim needs' : 'claims need'} a citation
                </span>
              )}
              <time dateTime={page.updatedAt} title={formatDateTime(page.updatedAt)}>
                Updated {formatRelativeTime(page.updatedAt)}
              </time>
            </p>
          )}
        </div>
        {children && <div className="page-header__side">{children}</div>}
      </header>
      <PageLifecycleActions page={page} />
    </>
  );
}
