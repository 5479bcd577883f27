/** A broken invariant, with what is needed to reproduce it. */
export interface Finding {
  suite: 'collab' | 'http';
  seed: number;
  /** Which invariant broke, e.g. `draft readable after unload`. */
  invariant: string;
  /** What the server did instead. */
  observed: string;
  /** The smallest input found that still breaks it (frame hex, or the request). */
  reproduction: string;
  /** Server error log lines around it. */
  serverLog: string[];
}

/** What ran: counts per kind (mutation kind, route), and the findings. */
export class FuzzReport {
  readonly counts = new Map<string, number>();
  readonly findings: Finding[] = [];
  batches = 0;

  count(kind: string, n = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }

  add(finding: Finding): void {
    this.findings.push(finding);
  }

  /** Findings that differ in invariant and observation (the same defect hit twice counts once). */
  distinctFindings(): Finding[] {
    const seen = new Set<string>();
    return this.findings.filter((f) => {
      const key = `${f.suite}|${f.invariant}|${f.observed.replace(/[0-9a-f-]{36}/g, '<id>').slice(0, 200)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  format(title: string): string {
    const lines = [`${title}: ${this.batches} batches`];
    const sorted = [...this.counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    for (const [kind, n] of sorted) lines.push(`  ${String(n).padStart(7)}  ${kind}`);
    const distinct = this.distinctFindings();
    lines.push(`${this.findings.length} failures (${distinct.length} distinct)`);
    distinct.forEach((f, i) => lines.push(formatFinding(f, i + 1)));
    return lines.join('\n');
  }
}

export function formatFinding(f: Finding, n?: number): string {
  return [
    `${n !== undefined ? `#${n} ` : ''}[${f.suite}] ${f.invariant} (seed ${f.seed})`,
    `    observed: ${f.observed}`,
    `    reproduce: ${f.reproduction}`,
    ...f.serverLog.map((l) => `    server: ${l}`),
  ].join('\n');
}

/** Merges counts of one report into another (for the runner's totals). */
export function mergeInto(total: FuzzReport, part: FuzzReport): void {
  for (const [k, n] of part.counts) total.count(k, n);
  part.findings.forEach((f) => total.add(f));
  total.batches += part.batches;
}
