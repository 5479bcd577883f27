/** A quiet placeholder while something loads. */
export function LoadingNote({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="note note--quiet" role="status" aria-live="polite">
      {label}
    </p>
  );
}
