import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { DOCUMENT_FIELD } from './extensions.ts';
import { materializeFragment, type Materialized } from './materialize.ts';
import { foldedHolds } from './purgeMatch.ts';
import { docHolds, HUMAN_TEXT_ATTRS, purgeDocumentJson } from './purgeText.ts';
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

/**
 * Whether Yjs updates (a log, a state) hold `text` as decoded content, deleted content included:
 * they are replayed in order into a document that keeps deleted content (`gc: false`), where
 * characters one client typed one per update merge into one item; then each client's strings are
 * read in clock order (typing order) and joined, every other struct breaking the run, and the
 * human-text attributes (see HUMAN_TEXT_ATTRS) of elements and marks are read. Never the raw
 * bytes: a "[" or a quote is in every encoding. Updates that do not apply are skipped.
 */
export function updatesHold(updates: readonly Uint8Array[], text: string): boolean {
  const ydoc = new Y.Doc({ gc: false });
  try {
    for (const update of updates) {
      try {
        Y.applyUpdate(ydoc, update);
      } catch {
        // A broken row is not text; the purge drops it with the rest.
      }
    }
    const { structs } = Y.decodeUpdate(Y.encodeStateAsUpdate(ydoc));
    let run = '';
    let client = -1;
    for (const struct of structs) {
      if (struct.id.client !== client || !(struct instanceof Y.Item)) {
        if (foldedHolds(run, text)) return true;
        run = '';
        client = struct.id.client;
        if (!(struct instanceof Y.Item)) continue;
      }
      const content = struct.content;
      if (content instanceof Y.ContentString) {
        run += content.str;
        continue;
      }
      if (foldedHolds(run, text)) return true;
      run = '';
      if (humanContentHolds(struct, text)) return true;
    }
    return foldedHolds(run, text);
  } finally {
    ydoc.destroy();
  }
}

function humanContentHolds(item: Y.Item, text: string): boolean {
  const content = item.content;
  if (content instanceof Y.ContentAny && item.parentSub !== null && HUMAN_TEXT_ATTRS.has(item.parentSub))
    return content.arr.some((v) => typeof v === 'string' && foldedHolds(v, text));
  if (content instanceof Y.ContentFormat && content.value !== null && typeof content.value === 'object') {
    const attrs = content.value as Record<string, unknown>;
    return [...HUMAN_TEXT_ATTRS].some((k) => typeof attrs[k] === 'string' && foldedHolds(attrs[k], text));
  }
  return false;
}

/**
 * A document's content with `text` purged, or null when neither its JSON's text nor its Yjs
 * state's decoded content hold it. The Yjs state is rebuilt from the cleaned JSON (never edited in place).
 */
export function purgeDocument(
  content: { doc: unknown; yjsState: Uint8Array },
  text: string,
  avoid: ReadonlySet<number> = new Set(),
): PurgedDocument | null {
  if (!docHolds(content.doc as JSONContent, text) && !updatesHold([content.yjsState], text)) return null;
  return freshDocument(purgeDocumentJson(content.doc as JSONContent, text), avoid);
}
