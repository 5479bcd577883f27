import * as Y from 'yjs';

/**
 * The Yjs client ids of a page's documents that a purge replaced. A peer whose sync step 1 names
 * one still holds the old document (purged text included); an update carrying structs of one is
 * that content coming back. Both are refused before anything is applied. Decoded with the same
 * readers maxGrowthOf uses on untrusted bytes (lazy V1 struct reader, state-vector decoder).
 */
export class PurgedClients {
  private readonly ids: ReadonlySet<number>;

  constructor(ids: readonly number[]) {
    this.ids = new Set(ids);
  }

  judgeStateVector(stateVector: Uint8Array): 'stale' | 'malformed' | null {
    if (this.ids.size === 0) return null;
    try {
      for (const client of Y.decodeStateVector(stateVector).keys()) if (this.ids.has(client)) return 'stale';
      return null;
    } catch {
      return 'malformed';
    }
  }

  judgeUpdate(update: Uint8Array): 'stale' | 'malformed' | null {
    if (this.ids.size === 0) return null;
    try {
      return Y.decodeUpdate(update).structs.some((s) => this.ids.has(s.id.client)) ? 'stale' : null;
    } catch {
      return 'malformed';
    }
  }
}
