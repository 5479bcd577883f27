import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PresenceUser } from '@rounds/shared';

/**
 * Awareness client ids one connection may speak for. A y-websocket connection speaks for exactly one,
 * its document's, and sends it first; every other id it sends is an echo (the provider re-broadcasts
 * each awareness change it receives), which must never claim the id of someone who just left.
 */
export const MAX_CLIENT_IDS_PER_CONNECTION = 1;
/**
 * Largest awareness state of one client, characters of JSON. An editor's state (cursor as two
 * relative positions, plus the user the server writes) is a few hundred; every state is sent to
 * every peer of the page, so this bounds the fan-out one connection can cause.
 */
export const MAX_AWARENESS_STATE_BYTES = 2 * 1024;

export interface AwarenessOwner {
  /** Client ids this connection has claimed. */
  readonly clientIds: Set<number>;
  readonly presence: PresenceUser;
}

/**
 * Rewrites a client's awareness update so it can only speak for itself: entries for client ids
 * another person's connection owns are dropped (another connection of the same person hands its
 * id over), and the `user` field (name, colour, id) is replaced by the
 * server's view of the signed-in user. Returns null when nothing is left. Throws on malformed bytes.
 *
 * `removedClock` gives the last clock of a client id whose state the server removed (its connection
 * closed): peers keep that clock, and a reconnecting client resends its unchanged state with the
 * same clock, which they would ignore as not newer, so the clock is moved past it.
 */
export function guardAwarenessUpdate(
  update: Uint8Array,
  conn: AwarenessOwner,
  ownerOf: (clientId: number) => AwarenessOwner | undefined,
  removedClock: (clientId: number) => number | undefined,
): Uint8Array | null {
  const d = decoding.createDecoder(update);
  const count = decoding.readVarUint(d);
  const kept: { clientId: number; clock: number; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const rawState = decoding.readVarString(d);
    const owner = ownerOf(clientId);
    // Another connection of the same person (a tab that reconnected before its old socket was
    // closed) takes the id over; anyone else's is not theirs to speak for.
    const takeover =
      owner !== undefined &&
      owner !== conn &&
      owner.presence.id !== '' &&
      owner.presence.id === conn.presence.id;
    if (owner !== undefined && owner !== conn && !takeover) continue;
    if (rawState.length > MAX_AWARENESS_STATE_BYTES) continue;
    const state: unknown = JSON.parse(rawState);
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) continue;
    if (owner === undefined || takeover) {
      // A removal (null) for an unowned id is an echo of the server's own removal: not a claim.
      if (state === null || conn.clientIds.size >= MAX_CLIENT_IDS_PER_CONNECTION) continue;
      conn.clientIds.add(clientId);
      owner?.clientIds.delete(clientId);
    }
    const floor = removedClock(clientId);
    const bound = state === null ? null : { ...state, user: conn.presence };
    kept.push({
      clientId,
      clock: floor !== undefined && clock <= floor ? floor + 1 : clock,
      state: JSON.stringify(bound),
    });
  }
  if (kept.length === 0) return null;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, kept.length);
  for (const k of kept) {
    encoding.writeVarUint(e, k.clientId);
    encoding.writeVarUint(e, k.clock);
    encoding.writeVarString(e, k.state);
  }
  return encoding.toUint8Array(e);
}
