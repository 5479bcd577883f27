import { useState } from 'react';
import type { AuditVerifyView } from '@rounds/shared';
import { verifyAuditChain } from '../audit/auditApi.ts';

type VerifyState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: AuditVerifyView }
  | { status: 'error'; message: string };

/** "Verify chain": recomputes every hash on the server and says whether the log is intact. */
export function VerifyChain() {
  const [state, setState] = useState<VerifyState>({ status: 'idle' });

  const run = () => {
    setState({ status: 'running' });
    verifyAuditChain().then(
      (result) => setState({ status: 'done', result }),
      (err: unknown) =>
        setState({ status: 'error', message: err instanceof Error ? err.message : 'Verification failed.' }),
    );
  };

  return (
    <div className="verify-chain">
      <button
        type="button"
        className="button"
        onClick={run}
        disabled={state.status === 'running'}
        aria-describedby="verify-chain-result"
      >
        {state.status === 'running' ? 'Verifying…' : 'Verify chain'}
      </button>
      <p id="verify-chain-result" className="verify-chain__result" role="status" aria-live="polite">
        {state.status === 'done' && state.result.ok && (
          <span className="verify-chain__ok">
            Chain intact: {state.result.checked.toLocaleString()} entries checked.
          </span>
        )}
        {state.status === 'done' && !state.result.ok && (
          <span className="verify-chain__bad">
            Chain broken at entry #{state.result.firstBadSeq} ({state.result.checked.toLocaleString()} entries
            before it check out). Entries were changed, removed or reordered outside Rounds.
          </span>
        )}
        {state.status === 'error' && <span className="verify-chain__bad">{state.message}</span>}
      </p>
    </div>
  );
}
