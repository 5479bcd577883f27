import { useSyncExternalStore } from 'react';
import type { ConnectionState, ConnectionTracker } from './ConnectionTracker.ts';
import type { CollabFailure } from './collabFailure.ts';

const LABELS: Record<ConnectionState, string> = {
  connected: 'Connected',
  syncing: 'Syncing…',
  offline: 'Offline',
};

const HINTS: Record<ConnectionState, string> = {
  connected: 'All your changes have reached the server.',
  syncing: 'Sending your latest changes to the server.',
  offline: 'Not connected. Your changes are kept on this device and will sync when the connection returns.',
};

/** A refusal that ends editing says so instead of a plain "Offline". */
const REFUSALS: Partial<Record<CollabFailure, { label: string; hint: string }>> = {
  unauthenticated: {
    label: 'Signed out',
    hint: 'Your session ended. Changes not yet sent are kept on this device; sign in again to send them.',
  },
  forbidden: { label: 'No edit access', hint: 'You can no longer edit this page.' },
};

/** "Connected" / "Syncing…" / "Offline" (or why editing stopped), as a coloured dot and text. */
export function ConnectionIndicator({ tracker }: { tracker: ConnectionTracker }) {
  const { state, failure } = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot);
  const refusal = failure ? REFUSALS[failure] : undefined;
  return (
    <div
      className={`connection connection--${state}`}
      role="status"
      aria-live="polite"
      title={refusal?.hint ?? HINTS[state]}
      data-state={state}
      data-failure={failure ?? undefined}
      data-testid="connection-indicator"
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{refusal?.label ?? LABELS[state]}</span>
    </div>
  );
}
