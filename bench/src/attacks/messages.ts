/** y-websocket messages as a client sends them (y-protocols sync and awareness framing). */
import * as encoding from 'lib0/encoding';

function frameOf(types: number[], payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  types.forEach((t) => encoding.writeVarUint(e, t));
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export const messages = {
  syncStep1: (stateVector: Uint8Array): Uint8Array => frameOf([0, 0], stateVector),
  syncStep2: (update: Uint8Array): Uint8Array => frameOf([0, 1], update),
  update: (update: Uint8Array): Uint8Array => frameOf([0, 2], update),
  awareness: (update: Uint8Array): Uint8Array => frameOf([1], update),
};

/** Sync step 1 with an empty state vector (`00 00 01 00`): "send me the whole document". */
export const EMPTY_STEP1 = messages.syncStep1(Uint8Array.of(0));

export function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
