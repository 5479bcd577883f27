import * as Y from 'yjs';
import type { Peer } from './Peer.ts';
import { encodeUpdate } from './protocol.ts';

export interface PendingUpdate {
  /** Produced by Yjs from an applied transaction, so safe to merge. */
  update: Uint8Array;
  peer: Peer | null;
  userId: string | null;
  at: number;
}

/** Merging many small updates is super-linear in Yjs; bound the work per merge. */
const MAX_MERGE = 64;

function mergeBounded(updates: Uint8Array[]): Uint8Array[] {
  if (updates.length <= 1) return updates;
  const out: Uint8Array[] = [];
  for (let i = 0; i < updates.length; i += MAX_MERGE)
    out.push(Y.mergeUpdates(updates.slice(i, i + MAX_MERGE)));
  return out;
}

/**
 * Sends one tick's stored updates to every peer, one frame per merged chunk, skipping what a peer
 * sent itself. The common case (one writer per tick) merges once for all receivers.
 */
export function relayBatch(batch: PendingUpdate[], peers: Iterable<Peer>): void {
  const encodedFor = new Map<Peer | null, Uint8Array[]>();
  const framesExcluding = (exclude: Peer | null): Uint8Array[] => {
    let frames = encodedFor.get(exclude);
    if (!frames) {
      frames = mergeBounded(
        batch.filter((b) => exclude === null || b.peer !== exclude).map((b) => b.update),
      ).map(encodeUpdate);
      encodedFor.set(exclude, frames);
    }
    return frames;
  };
  const senders = new Set(batch.map((b) => b.peer));
  for (const peer of peers) {
    if (!peer.isOpen) continue;
    const frames = senders.has(peer) ? framesExcluding(peer) : framesExcluding(null);
    for (const frame of frames) peer.send(frame);
  }
}
