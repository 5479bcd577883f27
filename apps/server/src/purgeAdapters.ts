import type { DraftForPurge, DraftRewriter } from '@rounds/domain';
import type { DocumentRegistry } from './collab/DocumentRegistry.ts';

/** The collaboration registry as the purge's DraftRewriter. */
export class RegistryDraftRewriter implements DraftRewriter {
  constructor(private readonly registry: DocumentRegistry) {}

  rewriteDraft<T>(pageId: string, rewrite: (draft: DraftForPurge) => Promise<T>): Promise<T> {
    return this.registry.rewrite(pageId, (yjsState) => rewrite({ yjsState }));
  }
}
