/**
 * One shared "end of this event-loop turn" for every live document. Documents with changes flush
 * together in a single callback, so their appends reach the store in the same synchronous run and
 * an adapter can commit them as one transaction (group commit) without waiting another turn.
 */
const due = new Set<() => void>();
let scheduled = false;

export function flushAtEndOfTurn(flush: () => void): void {
  due.add(flush);
  if (scheduled) return;
  scheduled = true;
  setImmediate(runDue);
}

function runDue(): void {
  scheduled = false;
  const flushes = [...due];
  due.clear();
  for (const flush of flushes) flush();
}
