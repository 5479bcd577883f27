import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-websocket message types (y-protocols: sync, awareness, auth, query awareness). */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
/** Sync sub-messages. */
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  encoding.writeVarUint(e, SyncType.Step1);
  encoding.writeVarUint8Array(e, stateVector);
  return encoding.toUint8Array(e);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.Step2, update);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.Update, update);
}

function encodeSync(type: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  encoding.writeVarUint(e, type);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Awareness);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export type ClientMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' }
  | { kind: 'auth' };

/** Decodes one client frame; throws on anything malformed or unknown. Does not interpret Yjs bytes. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  const d = decoding.createDecoder(data);
  const type = decoding.readVarUint(d);
  switch (type) {
    case MessageType.Sync: {
      const sub = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (sub === SyncType.Step1) return { kind: 'syncStep1', stateVector: payload };
      if (sub === SyncType.Step2 || sub === SyncType.Update) return { kind: 'update', update: payload };
      throw new Error('unknown sync message');
    }
    case MessageType.Awareness:
      return { kind: 'awareness', update: decoding.readVarUint8Array(d) };
    case MessageType.QueryAwareness:
      return { kind: 'queryAwareness' };
    case MessageType.Auth:
      return { kind: 'auth' };
    default:
      throw new Error('unknown message type');
  }
}
