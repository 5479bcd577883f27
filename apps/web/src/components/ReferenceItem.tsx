import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../api.ts';
import { removeReference, setEvidenceLevel } from '../citations/referenceApi.ts';
import { EVIDENCE_LABELS, EVIDENCE_LEVELS, evidenceLabel } from '../citations/referenceTypes.ts';
import type { CitationPlace, EvidenceLevel, ReferenceView } from '../citations/referenceTypes.ts';
import { ErrorNote } from './ErrorNote.tsx';

interface ReferenceItemProps {
  pageId: string;
  reference: ReferenceView;
  /** Vancouver number in the live draft, or null when nothing cites it. */
  number: number | null;
  onChanged: () => void;
}

function placesOf(err: unknown): CitationPlace[] {
  if (!(err instanceof ApiError)) return [];
  const places = err.details.places;
  return Array.isArray(places) ? (places as CitationPlace[]) : [];
}

/** One reference: its Vancouver text, evidence level and removal. */
export function ReferenceItem({ pageId, reference, number, onChanged }: ReferenceItemProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; places: CitationPlace[] } | null>(null);
  const selectId = useId();
  const level = reference.evidenceLevel;

  const run = (action: Promise<void>, fallback: string) => {
    setBusy(true);
    setError(null);
    action.then(
      () => {
        setBusy(false);
        onChanged();
      },
      (err: unknown) => {
        setBusy(false);
        setError({ message: errorMessage(err, fallback), places: placesOf(err) });
      },
    );
  };

  return (
    <li className="reference" data-testid="reference">
      <span className="reference__number">{number === null ? '–' : `${number}.`}</span>
      <div className="reference__body">
        <p className="reference__text">{reference.formatted}</p>
        <div className="reference__tools">
          <span className={`evidence-badge evidence-badge--${level ?? 'unrated'}`}>
            {evidenceLabel(level ?? 'unrated')}
          </span>
          <label htmlFor={selectId} className="visually-hidden">
            Evidence level of {reference.csl.title}
          </label>
          <select
            id={selectId}
            value={level ?? ''}
            disabled={busy}
            onChange={(e) =>
              run(
                setEvidenceLevel(pageId, reference.id, (e.target.value || null) as EvidenceLevel | null),
                'Could not set the evidence level.',
              )
            }
          >
            <option value="">Unrated</option>
            {EVIDENCE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {EVIDENCE_LABELS[l]}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--ghost button--small"
            aria-label={`Delete ${reference.csl.title}`}
            disabled={busy}
            onClick={() => run(removeReference(pageId, reference.id), 'Could not delete the reference.')}
          >
            Delete
          </button>
        </div>
        {error && (
          <>
            <ErrorNote message={error.message} />
            {error.places.length > 0 && (
              <ul className="reference__places">
                {error.places.map((p) => (
                  <li key={p.blockId}>“{p.excerpt}”</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </li>
  );
}
