import * as Y from 'yjs';
import type { EditorState } from '@tiptap/pm/state';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import type { ThreadAnchor } from '../threads/threadTypes.ts';

/** The parts of y-tiptap's sync plugin state that map positions between ProseMirror and Yjs. */
interface SyncBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Parameters<typeof absolutePositionToRelativePosition>[2] } | null;
}

function syncBinding(state: EditorState): SyncBinding | null {
  const sync = ySyncPluginKey.getState(state) as SyncBinding | undefined;
  return sync?.binding ? sync : null;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A range of the editor as Yjs relative positions: they stay attached to the same characters
 * however the document is edited, by anyone. Null while the editor is not bound to the document.
 */
export function encodeAnchor(state: EditorState, from: number, to: number): ThreadAnchor | null {
  const sync = syncBinding(state);
  if (!sync?.binding) return null;
  const { mapping } = sync.binding;
  const start = absolutePositionToRelativePosition(from, sync.type, mapping) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(to, sync.type, mapping) as Y.RelativePosition;
  return {
    start: toBase64(Y.encodeRelativePosition(start)),
    end: toBase64(Y.encodeRelativePosition(end)),
  };
}

/** A decoded anchor, ready to be resolved against the current document. */
export interface DecodedAnchor {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
}

export function decodeAnchor(anchor: ThreadAnchor): DecodedAnchor | null {
  try {
    return {
      start: Y.decodeRelativePosition(fromBase64(anchor.start)),
      end: Y.decodeRelativePosition(fromBase64(anchor.end)),
    };
  } catch {
    return null; // not an anchor this client can read
  }
}

/**
 * Where an anchored range stands now, null when its text was deleted, undefined while the editor
 * is not bound to the document yet. Call it only when the binding's mapping matches `state`
 * (initially, or on a transaction that came from Yjs).
 */
export function resolveAnchor(
  state: EditorState,
  anchor: DecodedAnchor,
): { from: number; to: number } | null | undefined {
  const sync = syncBinding(state);
  if (!sync?.binding) return undefined;
  const { mapping } = sync.binding;
  const from = relativePositionToAbsolutePosition(sync.doc, sync.type, anchor.start, mapping);
  const to = relativePositionToAbsolutePosition(sync.doc, sync.type, anchor.end, mapping);
  if (from === null || to === null || to <= from) return null;
  const size = state.doc.content.size;
  return from >= size ? null : { from, to: Math.min(to, size) };
}
