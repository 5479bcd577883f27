import type { DraftReader, DraftSnapshot, MaterializedDraft } from '@rounds/domain';
import { DOCUMENT_FIELD } from '@rounds/editor';
import { materializeFragment, materializeState, writeDocument } from '@rounds/editor/server';
import type { DocumentRegistry } from './collab/DocumentRegistry.ts';

/** Reads and writes drafts through the registry, so a loaded document is used in memory. */
export class RegistryDraftReader implements DraftReader {
  constructor(private readonly registry: DocumentRegistry) {}

  readDraft(pageId: string): Promise<MaterializedDraft> {
    return this.registry.read(pageId, (doc) => materializeFragment(doc.ydoc.getXmlFragment(DOCUMENT_FIELD)));
  }

  async snapshotDraft(pageId: string): Promise<DraftSnapshot> {
    const { state, upToSeq } = await this.registry.snapshot(pageId);
    return { ...materializeState(state), yjsState: state, upToUpdateSeq: upToSeq };
  }

  async restoreDraft(pageId: string, yjsState: Uint8Array, userId: string): Promise<void> {
    const { doc } = materializeState(yjsState);
    await this.registry.change(pageId, userId, (ydoc) =>
      writeDocument(ydoc.getXmlFragment(DOCUMENT_FIELD), doc),
    );
  }
}
