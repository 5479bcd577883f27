import { Link } from 'react-router-dom';
import type { SubmittedRevision } from '../review/reviewTypes.ts';
import type { ConnectionTracker } from './ConnectionTracker.ts';
import { SubmitForReview } from './SubmitForReview.tsx';
import type { LiveFinding } from './PhiHighlights.ts';

interface ReviewBarProps {
  pageId: string;
  tracker: ConnectionTracker;
  showUnreviewed: boolean;
  onShowUnreviewedChange: (show: boolean) => void;
  onSubmitted: (revision: SubmittedRevision) => void;
  /** Likely patient identifiers in the live draft, and whether this user may submit anyway. */
  phi?: { findings: LiveFinding[]; canOverride: boolean };
}

/** Review actions above the editor: margin marks on or off, History, and "Submit for review". */
export function ReviewBar({
  pageId,
  tracker,
  showUnreviewed,
  onShowUnreviewedChange,
  onSubmitted,
  phi,
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
      {phi && phi.findings.length > 0 && (
        <p className="review-bar__phi" role="status">
          {phi.findings.length === 1
            ? '1 possible patient identifier, underlined in red'
            : `${phi.findings.length} possible patient identifiers, underlined in red`}
        </p>
      )}
      <SubmitForReview
        pageId={pageId}
        tracker={tracker}
        onSubmitted={onSubmitted}
        liveFindings={phi?.findings}
        canOverride={phi?.canOverride}
      />
    </div>
  );
}
