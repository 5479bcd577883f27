import { messageSync } from 'y-websocket';

const SYNC_STEP1 = 0;

/**
 * A y-websocket "sync step 1" frame: `messageSync, syncStep1, varUint8Array(stateVector)`, with
 * lib0's varint encoding (7 bits per byte, high bit = more), so the web app needs no lib0 import.
 */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  const header: number[] = [messageSync, SYNC_STEP1];
  let rest = stateVector.length;
  while (rest > 0x7f) {
    header.push(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 128);
  }
  header.push(rest);
  const frame = new Uint8Array(header.length + stateVector.length);
  frame.set(header, 0);
  frame.set(stateVector, header.length);
  return frame;
}
