import { useId } from 'react';
import type { RevisionView } from '../review/reviewTypes.ts';
import { useReviewDiff } from '../review/useReviewDiff.ts';
import { DiffView } from './DiffView.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { LoadingNote } from './LoadingNote.tsx';

const STATE_WORDS: Record<RevisionView['state'], string> = {
  pending: 'awaiting review',
  approved: 'approved',
  changes_requested: 'changes requested',
  superseded: 'superseded',
};

interface CompareVersionsProps {
  pageId: string;
  revisions: RevisionView[];
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
}

/** Two version pickers (published, live draft or any revision) and the changes between them. */
export function CompareVersions({ pageId, revisions, from, to, onChange }: CompareVersionsProps) {
  const diff = useReviewDiff(pageId, from, to);
  const fromId = useId();
  const toId = useId();

  const options = [
    <option key="published" value="published">
      Published version
    </option>,
    <option key="draft" value="draft">
      Live draft
    </option>,
    ...revisions.map((r) => (
      <option key={r.id} value={r.id}>
        Revision {r.seq} ({STATE_WORDS[r.state]})
      </option>
    )),
  ];

  return (
    <section className="card compare" aria-labelledby="compare-heading">
      <h2 id="compare-heading" className="card__title">
        Compare versions
      </h2>
      <div className="compare__pickers">
        <div className="field">
          <label htmlFor={fromId}>From</label>
          <select id={fromId} value={from} onChange={(e) => onChange(e.target.value, to)}>
            {options}
          </select>
        </div>
        <span className="compare__arrow" aria-hidden="true">
          →
        </span>
        <div className="field">
          <label htmlFor={toId}>To</label>
          <select id={toId} value={to} onChange={(e) => onChange(from, e.target.value)}>
            {options}
          </select>
        </div>
      </div>
      {diff.status === 'loading' && <LoadingNote label="Comparing…" />}
      {diff.status === 'error' && <ErrorNote message={diff.message} />}
      {diff.status === 'ready' && (
        <DiffView
          changes={diff.diff.changes}
          references={diff.diff.references}
          truncatedChanges={diff.diff.truncatedChanges}
          imageChanges={diff.diff.imageChanges}
          truncatedImageChanges={diff.diff.truncatedImageChanges}
          emptyLabel="These two versions say the same thing."
        />
      )}
    </section>
  );
}
