import * as decoding from 'lib0/decoding';

/**
 * Where things are in a Yjs V1 update, found by decoding it the way Yjs's UpdateDecoderV1 does
 * (yjs `readClientsStructRefs`, `readItemContent`, `readDeleteSet`), so mutations can rewrite a
 * chosen field instead of random bytes. Only well-formed updates made by a real Y.Doc are parsed.
 */

/** The varuint fields a mutation can rewrite. */
export type FieldKind =
  | 'numClients'
  | 'numStructs'
  | 'client'
  | 'clock'
  | 'gcLen'
  | 'skipLen'
  | 'originClient'
  | 'originClock'
  | 'rightOriginClient'
  | 'rightOriginClock'
  | 'parentInfo'
  | 'parentKeyLen'
  | 'parentClient'
  | 'parentClock'
  | 'parentSubLen'
  | 'deletedLen'
  | 'jsonCount'
  | 'jsonLen'
  | 'binaryLen'
  | 'stringLen'
  | 'embedLen'
  | 'formatKeyLen'
  | 'formatValueLen'
  | 'typeRef'
  | 'typeKeyLen'
  | 'anyCount'
  | 'docGuidLen'
  | 'dsNumClients'
  | 'dsClient'
  | 'dsNumRanges'
  | 'dsClock'
  | 'dsLen';

/** Fields holding a count or a length (the ones set to 0, 2^32, 2^53, 2^54). */
export const LENGTH_FIELDS: ReadonlySet<FieldKind> = new Set<FieldKind>([
  'numClients',
  'numStructs',
  'gcLen',
  'skipLen',
  'parentKeyLen',
  'parentSubLen',
  'deletedLen',
  'jsonCount',
  'jsonLen',
  'binaryLen',
  'stringLen',
  'embedLen',
  'formatKeyLen',
  'formatValueLen',
  'typeKeyLen',
  'anyCount',
  'docGuidLen',
  'dsNumClients',
  'dsNumRanges',
  'dsLen',
]);

export interface Field {
  kind: FieldKind;
  /** Byte offset of the varuint. */
  at: number;
  /** Bytes the varuint takes. */
  size: number;
  value: number;
}

export interface Span {
  start: number;
  end: number;
}

/** One struct (GC, Skip or Item) of a client block; `info` is the offset of its info byte. */
export interface StructSpan extends Span {
  info: number;
  /** Content ref (info & 31): 0 GC, 1 deleted, 4 string, 7 type, 8 any, 10 skip, … */
  ref: number;
  client: number;
}

export interface ClientBlock extends Span {
  /** The numStructs field of this block. */
  count: Field;
  structs: StructSpan[];
}

export interface UpdateLayout {
  fields: Field[];
  blocks: ClientBlock[];
  /** Spans of single `readAny` values (ContentAny entries, ContentDoc options). */
  anyValues: Span[];
  /** The update's numClients field and its delete set's. */
  numClients: Field;
  deleteSet: Span & { numClients: Field; ranges: Span[] };
}

/** Decodes the layout of a V1 update; throws if the bytes are not a well-formed update. */
export function parseUpdateLayout(update: Uint8Array): UpdateLayout {
  const d = decoding.createDecoder(update);
  const fields: Field[] = [];
  const anyValues: Span[] = [];
  const varuint = (kind: FieldKind): Field => {
    const at = d.pos;
    const value = decoding.readVarUint(d);
    const field = { kind, at, size: d.pos - at, value };
    fields.push(field);
    return field;
  };
  /** A varString: its length field, then skip the bytes. */
  const string = (kind: FieldKind): void => {
    const len = varuint(kind).value;
    if (d.pos + len > update.length) throw new Error('string past the end');
    d.pos += len;
  };
  const id = (client: FieldKind, clock: FieldKind): void => {
    varuint(client);
    varuint(clock);
  };
  const any = (): void => {
    const start = d.pos;
    decoding.readAny(d);
    anyValues.push({ start, end: d.pos });
  };

  const numClients = varuint('numClients');
  const blocks: ClientBlock[] = [];
  for (let c = 0; c < numClients.value; c++) {
    const start = d.pos;
    const count = varuint('numStructs');
    const client = varuint('client').value;
    varuint('clock');
    const structs: StructSpan[] = [];
    for (let s = 0; s < count.value; s++) {
      const structStart = d.pos;
      const info = decoding.readUint8(d);
      if (info === undefined) throw new Error('struct past the end');
      const ref = info & 31;
      if (ref === 0) varuint('gcLen');
      else if (ref === 10) varuint('skipLen');
      else {
        if (info & 0x80) id('originClient', 'originClock');
        if (info & 0x40) id('rightOriginClient', 'rightOriginClock');
        if ((info & 0xc0) === 0) {
          if (varuint('parentInfo').value === 1) string('parentKeyLen');
          else id('parentClient', 'parentClock');
          if (info & 0x20) string('parentSubLen');
        }
        readContent(ref);
      }
      structs.push({ start: structStart, end: d.pos, info: structStart, ref, client });
    }
    blocks.push({ start, end: d.pos, count, structs });
  }

  const dsStart = d.pos;
  const dsNumClients = varuint('dsNumClients');
  const ranges: Span[] = [];
  for (let c = 0; c < dsNumClients.value; c++) {
    varuint('dsClient');
    const n = varuint('dsNumRanges').value;
    for (let r = 0; r < n; r++) {
      const start = d.pos;
      varuint('dsClock');
      varuint('dsLen');
      ranges.push({ start, end: d.pos });
    }
  }
  if (d.pos !== update.length) throw new Error(`${update.length - d.pos} bytes after the delete set`);
  return {
    fields,
    blocks,
    anyValues,
    numClients,
    deleteSet: { start: dsStart, end: d.pos, numClients: dsNumClients, ranges },
  };

  function readContent(ref: number): void {
    switch (ref) {
      case 1:
        varuint('deletedLen');
        return;
      case 2: {
        const n = varuint('jsonCount').value;
        for (let i = 0; i < n; i++) string('jsonLen');
        return;
      }
      case 3:
        string('binaryLen');
        return;
      case 4:
        string('stringLen');
        return;
      case 5:
        string('embedLen');
        return;
      case 6:
        string('formatKeyLen');
        string('formatValueLen');
        return;
      case 7: {
        const typeRef = varuint('typeRef').value;
        if (typeRef === 3 || typeRef === 5) string('typeKeyLen');
        return;
      }
      case 8: {
        const n = varuint('anyCount').value;
        for (let i = 0; i < n; i++) any();
        return;
      }
      case 9:
        string('docGuidLen');
        any();
        return;
      default:
        throw new Error(`unknown content ref ${ref}`);
    }
  }
}
