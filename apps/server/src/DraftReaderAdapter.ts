import type { DraftReader, DraftSnapshot, MaterializedDraft } from '@rounds/domain';
import { DOCUMENT_FIELD } from '@rounds/editor';
import { materializeState, writeDocument } from '@rounds/editor/server';
import * as Y from 'yjs';
import { DraftMaterializer } from './DraftMaterializer.ts';
import type { DocumentRegistry } from './collab/DocumentRegistry.ts';

/** The key under which a loaded document's materialized draft is remembered (see readDerived). */
const MATERIALIZED = Symbol('materialized draft');

/**
 * Reads and writes drafts through the registry, so a loaded document is used in memory. The
 * materialized draft is remembered per document version: reading an unchanged draft again costs
 * nothing, and the first read after any applied change materializes afresh. Callers share the
 * result and only read it.
 */
export class RegistryDraftReader implements DraftReader {
  private readonly materializer = new DraftMaterializer();

  constructor(private readonly registry: DocumentRegistry) {}

  /**
   * The state is encoded synchronously (the readers rely on fn seeing the state of its version);
   * materializing it may then run on a worker thread (DraftMaterializer). Same budget as
   * materializeFragment on the live document: both measure the encoded size.
   */
  private readonly materialize = (doc: { readonly ydoc: Y.Doc }): Promise<MaterializedDraft> =>
    this.materializer.materialize(Y.encodeStateAsUpdate(doc.ydoc));

  readDraft(pageId: string): Promise<MaterializedDraft> {
    return this.registry.readDerived(pageId, MATERIALIZED, this.materialize);
  }

  async snapshotDraft(pageId: string): Promise<DraftSnapshot> {
    const { state, upToSeq, derived } = await this.registry.snapshotDerived(
      pageId,
      MATERIALIZED,
      this.materialize,
    );
    return { ...derived, yjsState: state, upToUpdateSeq: upToSeq };
  }

  async restoreDraft(pageId: string, loadState: () => Promise<Uint8Array>, userId: string): Promise<void> {
    // The content is read at a known rewrite generation: a purge that starts or ends before it is
    // applied refuses it (409), so a restore never writes back text a purge removed.
    const readAt = this.registry.generation(pageId);
    const { doc } = materializeState(await loadState());
    await this.registry.change(
      pageId,
      userId,
      (ydoc) => writeDocument(ydoc.getXmlFragment(DOCUMENT_FIELD), doc),
      readAt,
    );
  }
}
