import type { RevisionState } from '../review/reviewTypes.ts';

const LABELS: Record<RevisionState, string> = {
  pending: 'Awaiting review',
  approved: 'Approved',
  changes_requested: 'Changes requested',
  superseded: 'Superseded',
};

const CLASSES: Record<RevisionState, string> = {
  pending: 'badge--pending',
  approved: 'badge--published',
  changes_requested: 'badge--changes',
  superseded: 'badge--draft',
};

/** The state of one revision, as a coloured badge. */
export function RevisionStateBadge({ state }: { state: RevisionState }) {
  return <span className={`badge ${CLASSES[state]}`}>{LABELS[state]}</span>;
}
