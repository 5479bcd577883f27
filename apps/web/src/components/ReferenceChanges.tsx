import type { ListedReference, ReferenceListChanges } from '@rounds/editor';

export function hasReferenceChanges(r: ReferenceListChanges): boolean {
  return r.added.length + r.removed.length + r.changed.length + r.renumbered.length > 0;
}

const level = (r: ListedReference) => (r.evidenceLevel ? ` (evidence: ${r.evidenceLevel})` : '');

/** Changes of the reference list, in Vancouver form: added, removed, edited and renumbered references. */
export function ReferenceChanges({ references }: { references: ReferenceListChanges }) {
  const renumberedOnly = references.renumbered.filter((r) => !references.changed.some((c) => c.id === r.id));
  return (
    <section className="diff-refs" aria-label="Reference list changes" data-testid="reference-changes">
      <h4 className="diff-refs__title">Reference list</h4>
      <ul className="diff-refs__list">
        {references.added.map((r) => (
          <li key={`a${r.id}`} className="diff-refs__item diff-refs__item--added">
            <span className="diff__kind">Added</span>{' '}
            <ins className="diff__ins">
              [{r.number}] {r.formatted}
              {level(r)}
            </ins>
          </li>
        ))}
        {references.removed.map((r) => (
          <li key={`r${r.id}`} className="diff-refs__item diff-refs__item--removed">
            <span className="diff__kind">Removed</span>{' '}
            <del className="diff__del">
              [{r.number}] {r.formatted}
              {level(r)}
            </del>
          </li>
        ))}
        {references.changed.map((c) => (
          <li key={`c${c.id}`} className="diff-refs__item diff-refs__item--changed">
            <span className="diff__kind">Edited</span>{' '}
            <del className="diff__del">
              [{c.before.number}] {c.before.formatted}
              {level(c.before)}
            </del>{' '}
            →{' '}
            <ins className="diff__ins">
              [{c.after.number}] {c.after.formatted}
              {level(c.after)}
            </ins>
          </li>
        ))}
        {renumberedOnly.map((r) => (
          <li key={`n${r.id}`} className="diff-refs__item">
            <span className="diff__kind">Renumbered</span> [{r.from}] → [{r.to}] {r.formatted}
          </li>
        ))}
      </ul>
    </section>
  );
}
