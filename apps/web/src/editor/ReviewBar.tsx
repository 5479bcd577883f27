import { Link } from 'react-router-dom';
import type { SubmittedRevision } from '../review/reviewTypes.ts';
import type { ConnectionTracker } from './ConnectionTracker.ts';
import { SubmitForReview } from './SubmitForReview.tsx';

interface ReviewBarProps {
  pageId: string;
  tracker: ConnectionTracker;
  showUnreviewed: boolean;
  onShowUnreviewedChange: (show: boolean) => void;
  onSubmitted: (revision: SubmittedRevision) => void;
}

/** Review actions above the editor: margin marks on or off, History, and "Submit for review". */
export function ReviewBar({
  pageId,
  tracker,
  showUnreviewed,
  onShowUnreviewedChange,
  onSubmitted,
}: ReviewBarProps) {
  return (
    <div className="review-bar">
      <div className="review-bar__tools">
        <label className="toggle">
          <input
            type="checkbox"
            checked={showUnreviewed}
            onChange={(e) => onShowUnreviewedChange(e.target.checked)}
          />
          <span className="toggle__mark" aria-hidden="true" />
          Show unreviewed
        </label>
        <Link to={`/pages/${encodeURIComponent(pageId)}/history`} className="review-bar__link">
          History
        </Link>
      </div>
      <SubmitForReview pageId={pageId} tracker={tracker} onSubmitted={onSubmitted} />
    </div>
  );
}
