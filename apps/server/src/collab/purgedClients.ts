import * as Y from 'yjs';

/**
 * Whether a sync step 1 state vector names a client of a document a purge replaced: that peer
 * still holds the old document, purged text included. Throws on a malformed state vector.
 */
export function namesPurgedClient(stateVector: Uint8Array, purged: ReadonlySet<number>): boolean {
  for (const client of Y.decodeStateVector(stateVector).keys()) if (purged.has(client)) return true;
  return false;
}

/**
 * Whether an update carries structs written by a client of a replaced document (its content, the
 * purged text among it, coming back). Decoded with the lazy V1 reader as maxGrowthOf does; throws
 * on malformed bytes.
 */
export function updateHasPurgedStructs(update: Uint8Array, purged: ReadonlySet<number>): boolean {
  const { structs } = Y.decodeUpdate(update);
  return structs.some((s) => purged.has(s.id.client));
}
