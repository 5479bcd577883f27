import type { ContentPurger, DraftForPurge, DraftRewriter, PurgedContent } from '@rounds/domain';
import {
  freshDocument,
  materializeState,
  purgeDocument,
  purgeJson,
  purgeString,
  stateClientIds,
  type PurgedDocument,
} from '@rounds/editor/server';
import type { JSONContent } from '@tiptap/core';
import type { DocumentRegistry } from './collab/DocumentRegistry.ts';

const toContent = (d: PurgedDocument): PurgedContent => ({
  doc: d.doc,
  text: d.text,
  blocks: d.blocks,
  yjsState: d.yjsState,
  clientId: d.clientId,
});

/** The purge's document work, done with the shared editor schema (ProseMirror JSON, fresh Y.Docs). */
export const editorContentPurger: ContentPurger = {
  purgeDocument(content, text, avoid) {
    const purged = purgeDocument(content, text, avoid);
    return purged ? toContent(purged) : null;
  },
  rebuild(content, avoid) {
    return toContent(freshDocument(content.doc as JSONContent, avoid));
  },
  clientIdsOf: stateClientIds,
  purgeString,
  purgeJsonText(json, text) {
    try {
      return JSON.stringify(purgeJson(JSON.parse(json) as unknown, text));
    } catch {
      // Not JSON after all: scrubbed as text, which still removes every occurrence.
      return purgeString(json, text);
    }
  },
};

/** The collaboration registry as the purge's DraftRewriter. */
export class RegistryDraftRewriter implements DraftRewriter {
  constructor(private readonly registry: DocumentRegistry) {}

  rewriteDraft<T>(pageId: string, rewrite: (draft: DraftForPurge) => Promise<T>): Promise<T> {
    return this.registry.rewrite(pageId, (state) =>
      rewrite({ yjsState: state, doc: materializeState(state).doc }),
    );
  }
}
