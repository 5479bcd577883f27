import * as Y from 'yjs';
import { MAX_NESTING_DEPTH, updateAttributesRefused } from './documentLimits.ts';

/** An update that decodes but breaks a document limit: refused, with the reason the peer is told. */
export class UpdateRefusedError extends RangeError {}

/**
 * Most bytes one struct created by splitting an existing item can add to an encoded document:
 * info byte, origin and right-origin ids (client and clock, varuints of at most 8 bytes each) and
 * a content length.
 */
const SPLIT_BYTES = 1 + 2 * (8 + 8) + 8;
/** Most bytes one deleted range adds to the document's delete set (clock and length). */
const DELETE_RANGE_BYTES = 16;

/**
 * Highest clock (end of a struct or deleted range) an honest document can reach: a client would
 * have to type 2^40 characters in one session. Yjs itself fails past 2^53 — after integrating
 * part of the update — so such ranges are refused before anything is applied. Lengths are only
 * bounded through this: Yjs merges adjacent deleted items, so the server's own state (which a
 * reconnecting client sends back) holds runs longer than any one item.
 */
const MAX_CLOCK = 2 ** 40;

function checkRange(clock: number, length: number): void {
  if (!(length >= 0 && clock >= 0 && clock + length <= MAX_CLOCK))
    throw new RangeError('struct length or clock out of range');
}

/**
 * Upper bounds of how much applying `update` can grow the encoded document, and its number of
 * structs — its own size is
 * not one: an item landing inside another splits it, and a deleted range may split two (plus a
 * formatting cleanup may split more), so deleting every other character grows a document several
 * times faster than the bytes of the deletes. Two splits are charged per struct and per range.
 *
 * Decodes with Yjs's lazy V1 reader, which reads struct by struct and fails at the end of the
 * bytes: unlike Y.applyUpdate it never sizes an array by a declared count (nine crafted bytes would
 * make that allocate ~260 MB), and it never merges. Throws on malformed bytes and on lengths or
 * clocks no honest document has, and an UpdateRefusedError for attribute values past their bounds.
 */
export function maxGrowthOf(
  update: Uint8Array,
  { untrusted = true }: { untrusted?: boolean } = {},
): { bytes: number; structs: number } {
  const { structs, ds } = Y.decodeUpdate(update);
  if (untrusted) {
    for (const s of structs) checkRange(s.id.clock, s.length);
    if (nestingWithin(structs) > MAX_NESTING_DEPTH) throw new RangeError('nesting too deep');
    const refused = updateAttributesRefused(structs);
    if (refused !== null) throw new UpdateRefusedError(refused);
  }
  let ranges = 0;
  for (const deleted of ds.clients.values()) {
    ranges += deleted.length;
    if (untrusted) for (const d of deleted) checkRange(d.clock, d.len);
  }
  return {
    bytes: update.byteLength + (structs.length + ranges) * 2 * SPLIT_BYTES + ranges * DELETE_RANGE_BYTES,
    // Each new struct, and each deleted range, may split two existing ones.
    structs: structs.length * 3 + ranges * 2,
  };
}

/** Structs held in memory by a document (what its memory and every full read cost grow with). */
export function structCount(ydoc: Y.Doc): number {
  let n = 0;
  for (const structs of ydoc.store.clients.values()) n += structs.length;
  return n;
}

/**
 * How deep the types an update creates nest among themselves, from the decoded structs alone (a
 * child names its parent's id, or follows a sibling whose parent it shares), so a deep tree sent
 * in one update is refused before Yjs integrates it. Nesting under types the document already has
 * is not seen here; the check after applying (documentLimitBroken) catches that.
 */
function nestingWithin(structs: (Y.Item | Y.GC | Y.Skip)[]): number {
  const key = (id: Y.ID): string => `${id.client}:${id.clock}`;
  /** Depth of each new type, and the depth of the parent it sits in. */
  const depthOf = new Map<string, number>();
  const parentDepthOf = new Map<string, number>();
  let deepest = 0;
  for (const s of structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentType)) continue;
    let parentDepth = 0;
    if (s.parent instanceof Y.ID) parentDepth = depthOf.get(key(s.parent)) ?? 0;
    else if (s.parent === null && s.origin !== null) parentDepth = parentDepthOf.get(key(s.origin)) ?? 0;
    const depth = parentDepth + 1;
    depthOf.set(key(s.id), depth);
    parentDepthOf.set(key(s.id), parentDepth);
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}
