import { useId } from 'react';
import { PhiFindings } from '../components/PhiFindings.tsx';
import type { LiveFinding } from './PhiHighlights.ts';

/** The server's rule (`MIN_JUSTIFICATION`), repeated so the button can say why it waits. */
export const MIN_JUSTIFICATION = 20;

export interface PhiOverride {
  acknowledged: boolean;
  justification: string;
}

const hasAny = (findings: unknown): boolean => Array.isArray(findings) && findings.length > 0;

/**
 * Whether "Submit" waits: while the draft shows likely identifiers, unless faculty acknowledged
 * them with a long enough justification. A server refusal is shown, not enforced here: after an
 * edit the student may try again.
 */
export function phiBlocksSubmit(
  live: readonly LiveFinding[],
  canOverride: boolean,
  override: PhiOverride,
): boolean {
  const justified = override.justification.trim().length >= MIN_JUSTIFICATION;
  if (canOverride && override.acknowledged) return !justified;
  return live.length > 0;
}

interface PhiGuardPanelProps {
  liveFindings: readonly LiveFinding[];
  serverFindings: unknown;
  canOverride: boolean;
  override: PhiOverride;
  onOverrideChange: (override: PhiOverride) => void;
  /** Id of the sentence that says why "Submit" is disabled. */
  reasonId: string;
}

/** Before submitting: the likely patient identifiers in the draft and what to do about them. */
export function PhiGuardPanel({
  liveFindings,
  serverFindings,
  canOverride,
  override,
  onOverrideChange,
  reasonId,
}: PhiGuardPanelProps) {
  const justificationId = useId();
  const live = liveFindings.length > 0;
  if (!live && !hasAny(serverFindings)) return null;
  const length = override.justification.trim().length;
  return (
    <section className="phi-guard" aria-labelledby={`${justificationId}-title`}>
      {live && (
        <>
          <h3 className="phi-guard__title" id={`${justificationId}-title`}>
            Possible patient identifiers ({liveFindings.length})
          </h3>
          <PhiFindings findings={liveFindings} />
        </>
      )}
      {!live && (
        <h3 className="phi-guard__title" id={`${justificationId}-title`}>
          Possible patient identifiers
        </h3>
      )}
      {!canOverride && (
        <p className="phi-guard__reason" id={reasonId}>
          {live
            ? 'Remove the patient identifiers underlined in red before submitting: Rounds pages must not identify patients.'
            : 'Remove the identifiers listed above, then submit again.'}
        </p>
      )}
      {canOverride && (
        <div className="phi-guard__override">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={override.acknowledged}
              onChange={(e) => onOverrideChange({ ...override, acknowledged: e.target.checked })}
            />{' '}
            These are not real patient identifiers (for example a simulated case): submit anyway
          </label>
          {override.acknowledged && (
            <div className="field">
              <label htmlFor={justificationId}>
                Justification (at least {MIN_JUSTIFICATION} characters; audited)
              </label>
              <textarea
                id={justificationId}
                rows={2}
                maxLength={2000}
                value={override.justification}
                onChange={(e) => onOverrideChange({ ...override, justification: e.target.value })}
                aria-describedby={reasonId}
              />
            </div>
          )}
          <p className="phi-guard__reason" id={reasonId}>
            {override.acknowledged
              ? length >= MIN_JUSTIFICATION
                ? 'Your justification will be recorded in the audit log with the kinds of identifiers found.'
                : `Write at least ${MIN_JUSTIFICATION - length} more characters to explain why these may stay.`
              : 'Remove the identifiers underlined in red, or acknowledge them with a justification.'}
          </p>
        </div>
      )}
    </section>
  );
}
