import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { roundsSchema } from './materialize.ts';

/**
 * Makes a Yjs fragment hold `doc`, editing it in place with y-prosemirror's minimal update (so
 * unchanged blocks keep their Yjs items and ids), inside the caller's transaction.
 */
export function writeDocument(fragment: Y.XmlFragment, doc: JSONContent): void {
  prosemirrorJSONToYXmlFragment(roundsSchema(), doc, fragment);
}
