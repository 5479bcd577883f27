import type { JSONContent } from '@tiptap/core';
import { citedOrder } from '../citations.ts';
import type { ListedReference, ReferenceEntry, ReferenceListChanges } from './types.ts';

/**
 * A version's reference list as readers see it: the references it cites, numbered in order of first
 * citation. Without `references`, every cited id is listed with empty text.
 */
export function numberedReferences(
  doc: JSONContent | null,
  references?: ReferenceEntry[],
): ListedReference[] {
  if (!doc) return [];
  const known = references ? new Map(references.map((r) => [r.id, r])) : null;
  const list: ListedReference[] = [];
  for (const id of citedOrder(doc)) {
    const r = known ? known.get(id) : { id, formatted: '' };
    if (!r) continue;
    list.push({
      id,
      number: list.length + 1,
      formatted: r.formatted,
      evidenceLevel: r.evidenceLevel ?? null,
    });
  }
  return list;
}

/** Added, removed, edited and renumbered references between two reference lists. */
export function diffReferenceLists(from: ListedReference[], to: ListedReference[]): ReferenceListChanges {
  const before = new Map(from.map((r) => [r.id, r]));
  const after = new Map(to.map((r) => [r.id, r]));
  const changes: ReferenceListChanges = { added: [], removed: [], changed: [], renumbered: [] };
  for (const r of to) {
    const old = before.get(r.id);
    if (!old) {
      changes.added.push(r);
      continue;
    }
    if (old.formatted !== r.formatted || old.evidenceLevel !== r.evidenceLevel)
      changes.changed.push({ id: r.id, before: old, after: r });
    if (old.number !== r.number)
      changes.renumbered.push({ id: r.id, from: old.number, to: r.number, formatted: r.formatted });
  }
  for (const r of from) if (!after.has(r.id)) changes.removed.push(r);
  return changes;
}
