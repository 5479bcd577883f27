import type { ShownReference } from '@rounds/domain';
import type { TitleChange } from '@rounds/shared';
import { citedOrder, diffDocuments, type DocumentDiff, type ReferenceEntry } from '@rounds/editor';
import type { JSONContent } from '@tiptap/core';

/** One side of a diff: its document and the references it shows. */
export interface DiffSide {
  /** The draft title, or the revision's as snapshotted at submission. */
  title: string;
  doc: JSONContent;
  references: ShownReference[];
}

/** `GET /api/pages/:id/diff`: the block changes of the contract plus the rich fields (see docs/decisions.md). */
export interface DiffView extends DocumentDiff {
  from: string;
  to: string;
  /** The title on each side (`before` null when nothing is published): a rename is reviewed too. */
  title: TitleChange;
}

const entries = (refs: ShownReference[]): ReferenceEntry[] =>
  refs.map((r) => ({ id: r.id, formatted: r.formatted, evidenceLevel: r.evidenceLevel }));

/** The ids a document cites: all the references a side needs formatted. */
export const citedIds = (doc: unknown): Set<string> => new Set(citedOrder(doc as JSONContent));

/** The rich diff between two versions (`before` null: nothing published yet, everything is new). */
export function presentDiff(from: string, to: string, before: DiffSide | null, after: DiffSide): DiffView {
  const diff = diffDocuments(before?.doc ?? null, after.doc, {
    fromReferences: before ? entries(before.references) : [],
    toReferences: entries(after.references),
  });
  return { from, to, ...diff, title: { before: before?.title ?? null, after: after.title } };
}
