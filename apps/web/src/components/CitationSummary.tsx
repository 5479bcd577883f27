import { EVIDENCE_LEVELS, evidenceLabel } from '../citations/referenceTypes.ts';

interface CitationSummaryProps {
  uncitedClaims: { blockId: string; sentence: string }[];
  /** All uncited claims, when the list is capped (the queue lists at most 20). */
  uncitedClaimsTotal?: number | undefined;
  /** Evidence level → number of the page's references with it. */
  evidence: Record<string, number>;
}

const RANK: readonly string[] = [...EVIDENCE_LEVELS, 'unrated'];

/** For reviewers: the evidence mix behind a revision and the clinical claims nobody cited. */
export function CitationSummary({ uncitedClaims, uncitedClaimsTotal, evidence }: CitationSummaryProps) {
  const total = Math.max(uncitedClaimsTotal ?? 0, uncitedClaims.length);
  const levels = Object.entries(evidence)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => rank(a) - rank(b));
  return (
    <div className="citation-summary" data-testid="citation-summary">
      <p className="citation-summary__evidence">
        <span className="muted">Evidence:</span>{' '}
        {levels.length === 0
          ? 'no references'
          : levels.map(([level, count]) => (
              <span key={level} className={`evidence-badge evidence-badge--${level}`}>
                {evidenceLabel(level)} × {count}
              </span>
            ))}
      </p>
      {total > 0 && (
        <>
          <h3 className="queue-item__subtitle">
            {total} {total === 1 ? 'claim needs' : 'claims need'} a citation
            {total > uncitedClaims.length && (
              <span className="muted"> (the first {uncitedClaims.length} listed)</span>
            )}
          </h3>
          <ul className="citation-summary__claims">
            {uncitedClaims.map((claim, i) => (
              <li key={`${claim.blockId}-${i}`}>{claim.sentence}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function rank(level: string): number {
  const i = RANK.indexOf(level);
  return i < 0 ? RANK.length : i;
}
