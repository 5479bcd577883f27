import type { DraftReader, MaterializedDraft } from '@rounds/domain';
import { DOCUMENT_FIELD } from '@rounds/editor';
import { materializeFragment } from '@rounds/editor/server';
import type { DocumentRegistry } from './collab/DocumentRegistry.ts';

/** Reads drafts through the registry, so a loaded document is read in memory and never re-loaded. */
export class RegistryDraftReader implements DraftReader {
  constructor(private readonly registry: DocumentRegistry) {}

  readDraft(pageId: string): Promise<MaterializedDraft> {
    return this.registry.read(pageId, (doc) => materializeFragment(doc.ydoc.getXmlFragment(DOCUMENT_FIELD)));
  }
}
