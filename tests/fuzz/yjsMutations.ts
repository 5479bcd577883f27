import * as encoding from 'lib0/encoding';
import type { Rng } from './rng.ts';
import {
  LENGTH_FIELDS,
  parseUpdateLayout,
  type Field,
  type Span,
  type UpdateLayout,
} from './updateLayout.ts';

/** The values length and clock fields are set to: the edges of 32-bit and double-precision integers. */
export const EDGE_VALUES = [0, 1, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 54] as const;

export interface Mutation {
  /** The operator, e.g. `setField:deletedLen`, for the per-kind counts. */
  kind: string;
  /** What exactly changed, for the reproduction. */
  detail: string;
  bytes: Uint8Array;
}

/** A varuint as lib0 writes it, for any non-negative integer up to 2^64 (powers of two stay exact). */
export function varuint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push(0x80 | (v % 0x80));
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

const splice = (bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array => {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
};

const rewrite = (bytes: Uint8Array, field: Field, value: number): Uint8Array =>
  splice(bytes, field.at, field.size, varuint(value));

/** Duplicates `span` right after itself and bumps `count` (or not), splicing from the back first. */
function duplicate(bytes: Uint8Array, span: Span, count: Field | null): Uint8Array {
  const copied = splice(bytes, span.end, 0, bytes.slice(span.start, span.end));
  return count ? rewrite(copied, count, count.value + 1) : copied;
}

function remove(bytes: Uint8Array, span: Span, count: Field | null): Uint8Array {
  const cut = splice(bytes, span.start, span.end - span.start, new Uint8Array(0));
  return count ? rewrite(cut, count, Math.max(0, count.value - 1)) : cut;
}

/** lib0 `readAny` bytes of an array nested `depth` deep (type 117 = array, length 1), around null. */
export function nestedAny(depth: number): Uint8Array {
  const out = new Uint8Array(depth * 2 + 1);
  for (let i = 0; i < depth; i++) {
    out[2 * i] = 117;
    out[2 * i + 1] = 1;
  }
  out[depth * 2] = 126;
  return out;
}

/** lib0 `readAny` bytes of an object with prototype-pollution keys. */
function pollutingAny(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeAny(e, { x: 1 });
  const inner = encoding.toUint8Array(e);
  const out = encoding.createEncoder();
  encoding.writeUint8(out, 118);
  encoding.writeVarUint(out, 3);
  for (const key of ['__proto__', 'constructor', 'toString']) {
    encoding.writeVarString(out, key);
    encoding.writeUint8Array(out, inner);
  }
  return encoding.toUint8Array(out);
}

type Operator = (bytes: Uint8Array, layout: UpdateLayout, rng: Rng) => Mutation | null;

const operators: Record<string, Operator> = {
  setLength: (bytes, layout, rng) => {
    const candidates = layout.fields.filter((f) => LENGTH_FIELDS.has(f.kind));
    if (candidates.length === 0) return null;
    const field = rng.pick(candidates);
    const value = rng.pick(EDGE_VALUES);
    return {
      kind: `setField:${field.kind}`,
      detail: `${field.kind}@${field.at} ${field.value} → ${value}`,
      bytes: rewrite(bytes, field, value),
    };
  },
  setAnyField: (bytes, layout, rng) => {
    const field = rng.pick(layout.fields);
    const value = rng.chance(0.7) ? rng.pick(EDGE_VALUES) : rng.int(2 ** 32);
    return {
      kind: `setField:${field.kind}`,
      detail: `${field.kind}@${field.at} ${field.value} → ${value}`,
      bytes: rewrite(bytes, field, value),
    };
  },
  bitFlip: (bytes, _layout, rng) => {
    const out = bytes.slice();
    const flips: string[] = [];
    for (let i = rng.range(1, 4); i > 0; i--) {
      const at = rng.int(out.length);
      const bit = rng.int(8);
      out[at] = (out[at] ?? 0) ^ (1 << bit);
      flips.push(`${at}.${bit}`);
    }
    return { kind: 'bitFlip', detail: `bits ${flips.join(',')}`, bytes: out };
  },
  infoByte: (bytes, layout, rng) => {
    const structs = layout.blocks.flatMap((b) => b.structs);
    if (structs.length === 0) return null;
    const s = rng.pick(structs);
    const out = bytes.slice();
    const value = rng.chance(0.5) ? ((bytes[s.info] ?? 0) & 0xe0) | rng.int(32) : rng.int(256);
    out[s.info] = value;
    return { kind: 'infoByte', detail: `info@${s.info} ${bytes[s.info]} → ${value}`, bytes: out };
  },
  truncate: (bytes, _layout, rng) => {
    const at = rng.int(bytes.length);
    return { kind: 'truncate', detail: `first ${at} of ${bytes.length} bytes`, bytes: bytes.slice(0, at) };
  },
  duplicateStruct: (bytes, layout, rng) => {
    const blocks = layout.blocks.filter((b) => b.structs.length > 0);
    if (blocks.length === 0) return null;
    const block = rng.pick(blocks);
    const s = rng.pick(block.structs);
    const bump = rng.chance(0.7);
    return {
      kind: bump ? 'duplicateStruct' : 'duplicateStructKeepCount',
      detail: `struct ${s.start}-${s.end} (ref ${s.ref}) of client ${s.client}`,
      bytes: duplicate(bytes, s, bump ? block.count : null),
    };
  },
  dropStruct: (bytes, layout, rng) => {
    const blocks = layout.blocks.filter((b) => b.structs.length > 1);
    if (blocks.length === 0) return null;
    const block = rng.pick(blocks);
    const s = rng.pick(block.structs);
    return {
      kind: 'dropStruct',
      detail: `struct ${s.start}-${s.end} (ref ${s.ref})`,
      bytes: remove(bytes, s, block.count),
    };
  },
  duplicateClientBlock: (bytes, layout, rng) => {
    if (layout.blocks.length === 0) return null;
    const block = rng.pick(layout.blocks);
    return {
      kind: 'duplicateClientBlock',
      detail: `block ${block.start}-${block.end}`,
      bytes: duplicate(bytes, block, layout.numClients),
    };
  },
  duplicateDeleteRange: (bytes, layout, rng) => {
    const { ranges } = layout.deleteSet;
    if (ranges.length === 0) return null;
    const r = rng.pick(ranges);
    const count = layout.fields.filter((f) => f.kind === 'dsNumRanges' && f.at < r.start).at(-1) ?? null;
    return {
      kind: 'duplicateDeleteRange',
      detail: `range ${r.start}-${r.end}`,
      bytes: duplicate(bytes, r, count),
    };
  },
  nestAny: (bytes, layout, rng) => {
    if (layout.anyValues.length === 0) return null;
    const v = rng.pick(layout.anyValues);
    const depth = rng.pick([100, 1_000, 5_000, 20_000, 200_000]);
    return {
      kind: 'nestAny',
      detail: `any@${v.start} → array nested ${depth} deep`,
      bytes: splice(bytes, v.start, v.end - v.start, nestedAny(depth)),
    };
  },
  pollutingAny: (bytes, layout, rng) => {
    if (layout.anyValues.length === 0) return null;
    const v = rng.pick(layout.anyValues);
    return {
      kind: 'pollutingAny',
      detail: `any@${v.start} → {__proto__, constructor, toString}`,
      bytes: splice(bytes, v.start, v.end - v.start, pollutingAny()),
    };
  },
  insertBytes: (bytes, _layout, rng) => {
    const at = rng.int(bytes.length + 1);
    const junk = rng.bytes(rng.range(1, 16));
    return {
      kind: 'insertBytes',
      detail: `${junk.length} bytes at ${at}`,
      bytes: splice(bytes, at, 0, junk),
    };
  },
  trailingGarbage: (bytes, _layout, rng) => {
    const tail = rng.chance(0.5) ? bytes.slice(0, rng.int(bytes.length)) : rng.bytes(rng.range(1, 32));
    return {
      kind: 'trailingGarbage',
      detail: `${tail.length} bytes appended`,
      bytes: splice(bytes, bytes.length, 0, tail),
    };
  },
};

/** Operator names, with weights: structure-aware rewrites dominate. */
const WEIGHTS: [number, string][] = [
  [6, 'setLength'],
  [3, 'setAnyField'],
  [3, 'bitFlip'],
  [1, 'infoByte'],
  [2, 'truncate'],
  [2, 'duplicateStruct'],
  [1, 'dropStruct'],
  [1, 'duplicateClientBlock'],
  [1, 'duplicateDeleteRange'],
  [1, 'nestAny'],
  [1, 'pollutingAny'],
  [1, 'insertBytes'],
  [1, 'trailingGarbage'],
];

/**
 * One to three mutations of a valid V1 update. Each later one is applied to the previous result
 * when that still parses, else falls back to byte-level operators.
 */
export function mutateUpdate(update: Uint8Array, rng: Rng): Mutation {
  let bytes = update;
  const kinds: string[] = [];
  const details: string[] = [];
  const rounds = rng.chance(0.75) ? 1 : rng.range(2, 3);
  for (let i = 0; i < rounds; i++) {
    let layout: UpdateLayout | null;
    try {
      layout = parseUpdateLayout(bytes);
    } catch {
      layout = null;
    }
    for (let attempt = 0; attempt < 10; attempt++) {
      const name = layout ? rng.weighted(WEIGHTS) : rng.pick(['bitFlip', 'truncate', 'insertBytes']);
      const m = (operators[name] as Operator)(bytes, layout ?? emptyLayout, rng);
      if (!m) continue;
      bytes = m.bytes;
      kinds.push(m.kind);
      details.push(m.detail);
      break;
    }
  }
  return { kind: kinds.join('+'), detail: details.join('; '), bytes };
}

const emptyLayout: UpdateLayout = {
  fields: [],
  blocks: [],
  anyValues: [],
  numClients: { kind: 'numClients', at: 0, size: 0, value: 0 },
  deleteSet: { start: 0, end: 0, numClients: { kind: 'dsNumClients', at: 0, size: 0, value: 0 }, ranges: [] },
};
