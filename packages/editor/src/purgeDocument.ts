import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { DOCUMENT_FIELD } from './extensions.ts';
import { materializeFragment, type Materialized } from './materialize.ts';
import { jsonHolds, purgeDocumentJson } from './purgeText.ts';
import { writeDocument } from './writeDocument.ts';

/** A document rebuilt without the purged text: its content and a Yjs state holding only that. */
export interface PurgedDocument extends Materialized {
  yjsState: Uint8Array;
  /** The Yjs client id the fresh state was written by. */
  clientId: number;
}

/**
 * Builds a **fresh** Yjs document from ProseMirror JSON: one new client writes it, so no item,
 * tombstone or deleted content of any earlier state survives. `avoid` are client ids the fresh
 * document must not use (those of the states it replaces, refused from stale clients).
 */
export function freshDocument(doc: JSONContent, avoid: ReadonlySet<number> = new Set()): PurgedDocument {
  const ydoc = new Y.Doc();
  try {
    while (avoid.has(ydoc.clientID)) ydoc.clientID = Math.floor(Math.random() * 0xffffffff);
    const fragment = ydoc.getXmlFragment(DOCUMENT_FIELD);
    ydoc.transact(() => writeDocument(fragment, doc));
    const yjsState = Y.encodeStateAsUpdate(ydoc);
    return { ...materializeFragment(fragment), yjsState, clientId: ydoc.clientID };
  } finally {
    ydoc.destroy();
  }
}

/** The client ids a Yjs state holds structs of (every writer of that document's history). */
export function stateClientIds(state: Uint8Array): number[] {
  return [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state)).keys()];
}

/** Whether the UTF-8 bytes of `text` occur in `bytes` (e.g. a stored Yjs state). */
export function bytesHold(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(text, 'utf8'));
}

/**
 * A document's content with `text` purged, or null when neither its JSON nor its Yjs bytes hold
 * it. The Yjs state is rebuilt from the cleaned JSON (never edited in place).
 */
export function purgeDocument(
  content: { doc: unknown; yjsState: Uint8Array },
  text: string,
  avoid: ReadonlySet<number> = new Set(),
): PurgedDocument | null {
  if (!jsonHolds(content.doc, text) && !bytesHold(content.yjsState, text)) return null;
  return freshDocument(purgeDocumentJson(content.doc as JSONContent, text), avoid);
}
