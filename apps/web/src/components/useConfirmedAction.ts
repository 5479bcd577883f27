import { useState } from 'react';
import { errorMessage } from '../api.ts';

/**
 * A destructive action behind a confirmation: whether the confirmation shows, whether the action
 * runs, and its error. `run` performs it; on success the confirmation closes and `onDone` runs.
 */
export function useConfirmedAction(action: () => Promise<unknown>, failure: string, onDone: () => void) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = () => {
    setBusy(true);
    setError(null);
    action().then(
      () => {
        setBusy(false);
        setConfirming(false);
        onDone();
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, failure));
      },
    );
  };
  return { confirming, setConfirming, busy, error, run };
}
