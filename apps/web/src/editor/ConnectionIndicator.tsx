import { useSyncExternalStore } from 'react';
import type { ConnectionState, ConnectionTracker } from './ConnectionTracker.ts';

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

/** "Connected" / "Syncing…" / "Offline", as a coloured dot and text. */
export function ConnectionIndicator({ tracker }: { tracker: ConnectionTracker }) {
  const { state } = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot);
  return (
    <div
      className={`connection connection--${state}`}
      role="status"
      aria-live="polite"
      title={HINTS[state]}
      data-state={state}
      data-testid="connection-indicator"
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{LABELS[state]}</span>
    </div>
  );
}
