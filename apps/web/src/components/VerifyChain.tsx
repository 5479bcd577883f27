import { useState } from 'react';
import type { AuditVerifyView } from '@rounds/shared';
import { verifyAuditChain } from '../audit/auditApi.ts';

const entries = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'entry' : 'entries'}`;

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
          <span className="verify-chain__ok">Chain intact: {entries(state.result.checked)} checked.</span>
        )}
        {state.status === 'done' && !state.result.ok && (
          <span className="verify-chain__bad">
            Chain broken at entry #{state.result.firstBadSeq}: the log was changed outside Rounds at or just
            before it. {entries(state.result.checked)} before it verified.
          </span>
        )}
        {state.status === 'error' && <span className="verify-chain__bad">{state.message}</span>}
      </p>
    </div>
  );
}
