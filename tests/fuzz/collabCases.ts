import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { appendParagraph, awarenessEntry, messages } from '../support/collab.ts';
import { ISSUE_687_INPUTS } from './issue687.ts';
import type { Rng } from './rng.ts';
import { deepXmlUpdate, randomScenario, seededDoc } from './validUpdates.ts';
import { EDGE_VALUES, mutateUpdate, varuint } from './yjsMutations.ts';

/**
 * One hostile thing to do on one collaboration socket: y-websocket messages sent in order (each
 * its own binary frame). The runner then sends a probe no decoder accepts, so every case ends in
 * a close, and a server that stopped reading the socket fails by timeout.
 */
export interface CollabCase {
  /** Counted per kind in the report, e.g. `update/setField:deletedLen`. */
  kind: string;
  detail: string;
  frames: Uint8Array[];
}

export interface CaseContext {
  /** Yjs client ids of the honest editors (awareness cases try to speak for them). */
  honestClientIds: number[];
}

/**
 * Close codes a hostile socket may end with: 4400 (bad message, or the probe), 4413 (size cap),
 * 4429 (rate or connection limits), 1009 (frame too big), 1012 (the server reloads the page after
 * someone's bytes failed to apply: transient, every peer reconnects).
 */
export const HOSTILE_CLOSE_CODES: readonly number[] = [4400, 4413, 4429, 1009, 1012];

/** Close codes an honest editor may see during a batch: only the transient reload (it reconnects). */
export const HONEST_CLOSE_CODES: readonly number[] = [1012];

const wrap = (rng: Rng, update: Uint8Array): Uint8Array =>
  rng.chance(0.3) ? messages.syncStep2(update) : messages.update(update);

const hex = (b: Uint8Array, max = 48): string =>
  Buffer.from(b.subarray(0, max)).toString('hex') + (b.length > max ? `…(${b.length} bytes)` : '');

function mutatedUpdateCase(rng: Rng): CollabCase {
  const scenario = randomScenario(rng);
  const m = mutateUpdate(scenario.target, rng);
  return {
    kind: `update/${m.kind}`,
    detail: `${scenario.name}: ${m.detail}`,
    frames: [...scenario.base.map((u) => messages.update(u)), wrap(rng, m.bytes)],
  };
}

function issue687Case(rng: Rng): CollabCase {
  const name = rng.pick(Object.keys(ISSUE_687_INPUTS));
  const bytes = ISSUE_687_INPUTS[name] as Uint8Array;
  const as = rng.pick(['update', 'syncStep2', 'syncStep1', 'awareness'] as const);
  return { kind: `issue687/${as}`, detail: name, frames: [messages[as](bytes)] };
}

function deepNestingCase(rng: Rng): CollabCase {
  const depth = rng.pick([200, 1_000, 3_000, 10_000, 40_000]);
  return {
    kind: 'deepXml',
    detail: `elements nested ${depth} deep`,
    frames: [messages.update(deepXmlUpdate(rng, depth, `deep leaf ${depth}`))],
  };
}

type Build = (frag: Y.XmlFragment, rng: Rng) => void;

const para = (...children: (Y.XmlElement | Y.XmlText)[]): Y.XmlElement => {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, children);
  return p;
};

/**
 * Well-formed Yjs that the editor schema does not allow: any client can write it straight into
 * the document. It must not hide anyone else's text, nor break reading the draft.
 */
const SCHEMA_VIOLATIONS: Record<string, Build> = {
  'paragraph inside a paragraph': (f) =>
    f.insert(f.length, [para(new Y.XmlText('outer '), para(new Y.XmlText('inner')))]),
  'text straight in the fragment': (f) => f.insert(f.length, [new Y.XmlText('loose text')]),
  'unknown element with handlers': (f) => {
    const el = new Y.XmlElement('script');
    el.setAttribute('onload', 'alert(1)');
    el.insert(0, [new Y.XmlText('alert(1)')]);
    f.insert(f.length, [el]);
  },
  'citation with refIds not an array': (f, rng) => {
    const c = new Y.XmlElement('citation');
    c.setAttribute('refIds', rng.pick<string>(['r1', '{"x":1}', '']));
    f.insert(f.length, [para(new Y.XmlText('cited '), c)]);
  },
  'citation with 20000 refIds': (f) => {
    const c = new Y.XmlElement('citation');
    c.setAttribute('refIds', Array.from({ length: 20_000 }, (_, i) => `r${i}`) as unknown as string);
    f.insert(f.length, [para(c)]);
  },
  'heading level out of range': (f, rng) => {
    const h = new Y.XmlElement('heading');
    h.setAttribute('level', rng.pick([0, 99, -1, 'x', 1e308]) as unknown as string);
    h.insert(0, [new Y.XmlText('heading')]);
    f.insert(f.length, [h]);
  },
  'paragraph with 3000 attributes': (f) => {
    const p = para(new Y.XmlText('attrs'));
    for (let i = 0; i < 3_000; i++) p.setAttribute(`a${i}`, 'x');
    f.insert(f.length, [p]);
  },
  'javascript: link mark': (f) => {
    const t = new Y.XmlText('click me');
    t.format(0, 5, { link: { href: 'javascript:alert(1)' } });
    f.insert(f.length, [para(t)]);
  },
  'link mark without href': (f) => {
    const t = new Y.XmlText('no target');
    t.format(0, 2, { link: {} });
    f.insert(f.length, [para(t)]);
  },
  'link mark with a numeric href': (f) => {
    const t = new Y.XmlText('odd target');
    t.format(0, 3, { link: { href: 42 } });
    f.insert(f.length, [para(t)]);
  },
  'image with hostile attributes': (f) => {
    const img = new Y.XmlElement('image');
    img.setAttribute('imageId', '../../etc/passwd');
    img.setAttribute('alt', '"><script>alert(1)</script>');
    f.insert(f.length, [img]);
  },
  'list item straight in the fragment': (f) => {
    const li = new Y.XmlElement('listItem');
    li.insert(0, [new Y.XmlText('orphan item')]);
    f.insert(f.length, [li]);
  },
  'element named like a prototype key': (f) => {
    const el = new Y.XmlElement('__proto__');
    el.insert(0, [para(new Y.XmlText('proto'))]);
    f.insert(f.length, [el, new Y.XmlElement('constructor')]);
  },
};

function schemaCase(rng: Rng, name = rng.pick(Object.keys(SCHEMA_VIOLATIONS))): CollabCase {
  const doc = seededDoc(rng);
  (SCHEMA_VIOLATIONS[name] as Build)(doc.getXmlFragment('default'), rng);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { kind: `schema/${name}`, detail: `${update.length} bytes, valid Yjs`, frames: [wrap(rng, update)] };
}

/** Every schema violation once. */
export function schemaViolationCases(rng: Rng): CollabCase[] {
  return Object.keys(SCHEMA_VIOLATIONS).map((name) => schemaCase(rng, name));
}

/** Awareness states that are hostile as JSON. */
function hostileState(rng: Rng): { label: string; json: string } {
  const depth = rng.pick([100, 3_000, 4_000]);
  return rng.pick([
    {
      label: 'state over 8 KiB',
      json: JSON.stringify({ cursor: 'x'.repeat(8 * 1024 + rng.int(64 * 1024)) }),
    },
    { label: `array nested ${depth} deep`, json: '['.repeat(depth) + ']'.repeat(depth) },
    { label: `object nested ${depth} deep`, json: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) },
    {
      label: 'prototype keys',
      json: '{"__proto__":{"user":{"name":"Mallory"}},"constructor":{"prototype":{}}}',
    },
    {
      label: 'forged user',
      json: JSON.stringify({ user: { id: 'someone-else', name: '<img src=x onerror=1>' } }),
    },
    { label: 'not JSON', json: '{"user":' },
    { label: 'a JSON primitive', json: rng.pick(['1', '"s"', 'true', '[]']) },
    { label: 'lone surrogates', json: '{"cursor":"\ud800\udfff\ud800"}' },
  ]);
}

function awarenessCase(rng: Rng, ctx: CaseContext): CollabCase {
  const own = rng.int(2 ** 32);
  const victim = rng.pick(ctx.honestClientIds.length > 0 ? ctx.honestClientIds : [own]);
  const shape = rng.int(6);
  if (shape === 0) {
    const clientId = rng.chance(0.5) ? victim : rng.pick(EDGE_VALUES);
    const clock = rng.pick(EDGE_VALUES);
    const state = rng.chance(0.5) ? null : { user: { name: 'Mallory' }, cursor: null };
    return {
      kind: 'awareness/edge ids',
      detail: `client ${clientId} clock ${clock} state ${JSON.stringify(state)}`,
      frames: [messages.awareness(awarenessEntry(clientId, clock, state))],
    };
  }
  if (shape === 1) {
    const s = hostileState(rng);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, own);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, s.json);
    return {
      kind: 'awareness/hostile state',
      detail: s.label,
      frames: [messages.awareness(encoding.toUint8Array(e))],
    };
  }
  if (shape === 2) {
    // Declares many entries, carries a few.
    const declared = rng.pick(EDGE_VALUES);
    const body = awarenessEntry(own, 1, { cursor: null }).subarray(1);
    const bytes = new Uint8Array([...varuint(declared), ...body]);
    return {
      kind: 'awareness/declared count',
      detail: `${declared} entries declared`,
      frames: [messages.awareness(bytes)],
    };
  }
  if (shape === 3) {
    // Many client ids on one connection, then removal of the victim.
    const n = rng.range(2, 2_000);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, n + 1);
    for (let i = 0; i < n; i++) {
      encoding.writeVarUint(e, own + i);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, '{"cursor":null}');
    }
    encoding.writeVarUint(e, victim);
    encoding.writeVarUint(e, 2 ** 53);
    encoding.writeVarString(e, 'null');
    return {
      kind: 'awareness/many ids',
      detail: `${n} client ids, then null for ${victim}`,
      frames: [messages.awareness(encoding.toUint8Array(e))],
    };
  }
  if (shape === 4) {
    const bytes = rng.bytes(rng.range(1, 200));
    return { kind: 'awareness/random', detail: hex(bytes), frames: [messages.awareness(bytes)] };
  }
  const entry = awarenessEntry(own, rng.range(1, 5), { user: { name: 'M' }, cursor: { anchor: 1, head: 2 } });
  const m = entry.slice(0, rng.int(entry.length));
  return { kind: 'awareness/truncated', detail: hex(m), frames: [messages.awareness(m)] };
}

function stateVectorCase(rng: Rng): CollabCase {
  const doc = seededDoc(rng);
  appendParagraph(doc, 'x');
  const e = encoding.createEncoder();
  const entries = rng.range(0, 3);
  encoding.writeVarUint(e, rng.chance(0.3) ? rng.pick(EDGE_VALUES) : entries);
  for (let i = 0; i < entries; i++) {
    encoding.writeUint8Array(e, varuint(rng.chance(0.5) ? doc.clientID : rng.pick(EDGE_VALUES)));
    encoding.writeUint8Array(e, varuint(rng.pick(EDGE_VALUES)));
  }
  doc.destroy();
  const sv = encoding.toUint8Array(e);
  return { kind: 'syncStep1/edge state vector', detail: hex(sv), frames: [messages.syncStep1(sv)] };
}

/** Valid Yjs bytes in broken y-websocket framing: message and sub-message types, length prefixes. */
function framingCase(rng: Rng): CollabCase {
  const doc = seededDoc(rng);
  appendParagraph(doc, 'framing');
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  const v = rng.pick(EDGE_VALUES);
  const variants: [string, Uint8Array][] = [
    ['update length prefix', new Uint8Array([0, 2, ...varuint(v), ...update])],
    ['sync sub-type', new Uint8Array([0, ...varuint(v), ...varuint(update.length), ...update])],
    ['message type', new Uint8Array([...varuint(v), 2, ...varuint(update.length), ...update])],
    ['bytes after the message', new Uint8Array([...messages.update(update), ...update])],
    ['empty update', messages.update(new Uint8Array(0))],
    ['random sync payload', new Uint8Array([0, rng.int(3), ...varuint(50), ...rng.bytes(50)])],
  ];
  const [label, frame] = rng.pick(variants);
  return { kind: `framing/${label}`, detail: `${v}: ${hex(frame)}`, frames: [frame] };
}

/** One random hostile case. */
export function randomCollabCase(rng: Rng, ctx: CaseContext): CollabCase {
  const make = rng.weighted<(r: Rng) => CollabCase>([
    [50, mutatedUpdateCase],
    [6, (r) => schemaCase(r)],
    [5, issue687Case],
    [3, deepNestingCase],
    [17, (r) => awarenessCase(r, ctx)],
    [8, stateVectorCase],
    [12, framingCase],
  ]);
  return make(rng);
}

/** Every crafted input of issue 687 in every message it can arrive in: the fixed part of each run. */
export function issue687Cases(): CollabCase[] {
  return Object.entries(ISSUE_687_INPUTS).flatMap(([name, bytes]) =>
    (['update', 'syncStep2', 'syncStep1', 'awareness'] as const).map((as) => ({
      kind: `issue687/${as}`,
      detail: name,
      frames: [messages[as](bytes)],
    })),
  );
}

export { hex };
