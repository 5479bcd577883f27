interface PhiFinding {
  kind: string;
  excerpt: string;
}

function isFinding(value: unknown): value is PhiFinding {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { excerpt?: unknown }).excerpt === 'string'
  );
}

/** Likely patient identifiers the server found in a submission (`phi_detected` refusals). */
export function PhiFindings({ findings }: { findings: unknown }) {
  const list = Array.isArray(findings) ? findings.filter(isFinding) : [];
  if (list.length === 0) return null;
  return (
    <ul className="phi-findings" aria-label="Possible patient identifiers">
      {list.map((finding, index) => (
        <li key={index}>
          <span className="phi-findings__kind">{finding.kind.replaceAll('_', ' ')}</span>{' '}
          <q>{finding.excerpt}</q>
        </li>
      ))}
    </ul>
  );
}
