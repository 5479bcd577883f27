import type { Reference, RevisionReference } from './model.ts';

/**
 * The references a submitted revision cites, copied from the library in order of first citation
 * (its Vancouver numbering): what the revision shows, whatever the library does later.
 */
export function snapshotReferences(
  revisionId: string,
  citations: readonly { refIds: readonly string[] }[],
  library: readonly Reference[],
): RevisionReference[] {
  const byId = new Map(library.map((r) => [r.id, r]));
  const snapshot: RevisionReference[] = [];
  const seen = new Set<string>();
  for (const id of citations.flatMap((c) => c.refIds)) {
    const ref = byId.get(id);
    if (!ref || seen.has(id)) continue;
    seen.add(id);
    snapshot.push({
      revisionId,
      refId: id,
      position: snapshot.length + 1,
      csl: structuredClone(ref.csl),
      evidenceLevel: ref.evidenceLevel,
    });
  }
  return snapshot;
}
