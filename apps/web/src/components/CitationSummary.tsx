import { EVIDENCE_LEVELS, evidenceLabel } from '../citations/referenceTypes.ts';

interface CitationSummaryProps {
  uncitedClaims: { blockId: string; sentence: string }[];
  /** Evidence level → number of the page's references with it. */
  evidence: Record<string, number>;
}

const RANK: readonly string[] = [...EVIDENCE_LEVELS, 'unrated'];

/** For reviewers: the evidence mix behind a revision and the clinical claims nobody cited. */
export function CitationSummary({ uncitedClaims, evidence }: CitationSummaryProps) {
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
      {uncitedClaims.length > 0 && (
        <>
          <h3 className="queue-item__subtitle">
            {uncitedClaims.length} {uncitedClaims.length === 1 ? 'claim needs' : 'claims need'} a citation
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
