import * as Y from 'yjs';
import { appendParagraph } from '../support/collab.ts';
import type { Rng } from './rng.ts';

/**
 * Real edits made by a real Y.Doc, as an editor would make them: what the mutations start from.
 * `base` are sent intact first (so the server knows the items `target` refers to), `target` is the
 * update to mutate.
 */
export interface EditScenario {
  name: string;
  base: Uint8Array[];
  target: Uint8Array;
}

type Edit = (doc: Y.Doc, rng: Rng) => void;

const WORDS = ['sepsis', 'lactate', 'qSOFA ≥ 2', 'fluids 30 mL/kg', 'cultures', 'noradrenaline', 'MAP 65'];
const sentence = (rng: Rng): string =>
  Array.from({ length: rng.range(1, 8) }, () => rng.pick(WORDS)).join(' ');

const fragment = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment('default');
const lastParagraph = (doc: Y.Doc): Y.XmlElement =>
  fragment(doc).get(fragment(doc).length - 1) as Y.XmlElement;
const textOf = (p: Y.XmlElement): Y.XmlText => p.get(0) as Y.XmlText;

/** Edits that need a paragraph made by an earlier update (so their structs have origins). */
const followUps: Record<string, Edit> = {
  'insert inside text': (doc, rng) => {
    const t = textOf(lastParagraph(doc));
    t.insert(rng.int(t.length + 1), sentence(rng));
  },
  'delete a range of text': (doc, rng) => {
    const t = textOf(lastParagraph(doc));
    const at = rng.int(Math.max(1, t.length - 1));
    t.delete(at, Math.max(1, rng.int(t.length - at)));
  },
  'bold a range': (doc, rng) => {
    const t = textOf(lastParagraph(doc));
    t.format(rng.int(Math.max(1, t.length - 1)), rng.range(1, 5), { bold: true });
  },
  'link a range': (doc) => {
    textOf(lastParagraph(doc)).format(0, 3, { link: { href: 'https://example.org/sepsis' } });
  },
  'set block attributes': (doc, rng) => {
    const p = lastParagraph(doc);
    p.setAttribute('id', `b${rng.int(1e6)}`);
    p.setAttribute('textAlign', 'center');
  },
  'remove the paragraph': (doc) => {
    fragment(doc).delete(fragment(doc).length - 1, 1);
  },
  'split into two paragraphs': (doc, rng) => {
    const p = lastParagraph(doc);
    const t = textOf(p);
    const cut = rng.int(t.length + 1);
    const rest = String(t.toString()).slice(cut);
    t.delete(cut, t.length - cut);
    const q = new Y.XmlElement('paragraph');
    q.insert(0, [new Y.XmlText(rest)]);
    fragment(doc).insert(fragment(doc).length, [q]);
  },
};

/** Edits that stand alone. */
const standalone: Record<string, Edit> = {
  'type a paragraph': (doc, rng) => appendParagraph(doc, sentence(rng), `f${rng.int(1e6)}`),
  'paste many paragraphs': (doc, rng) =>
    doc.transact(() => {
      for (let i = rng.range(5, 60); i > 0; i--) appendParagraph(doc, sentence(rng));
    }),
  'insert a citation': (doc, rng) => {
    const p = new Y.XmlElement('paragraph');
    const cite = new Y.XmlElement('citation');
    cite.setAttribute('refIds', ['r1', `r${rng.int(100)}`] as unknown as string);
    p.insert(0, [new Y.XmlText(`${sentence(rng)} `), cite]);
    fragment(doc).insert(fragment(doc).length, [p]);
  },
  'insert a heading and a list': (doc, rng) => {
    const h = new Y.XmlElement('heading');
    h.setAttribute('level', 2 as unknown as string);
    h.insert(0, [new Y.XmlText(sentence(rng))]);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(sentence(rng))]);
    item.insert(0, [p]);
    list.insert(0, [item]);
    fragment(doc).insert(fragment(doc).length, [h, list]);
  },
  'embed and binary and subdocument': (doc, rng) => {
    const meta = doc.getMap('meta');
    meta.set('bin', rng.bytes(rng.range(1, 40)));
    meta.set('sub', new Y.Doc({ guid: `sub-${rng.int(1e6)}` }));
    const t = new Y.XmlText('x');
    t.insertEmbed(1, { image: 'data:,' });
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [t]);
    fragment(doc).insert(fragment(doc).length, [p]);
  },
  'an array of JSON-like values': (doc, rng) => {
    doc.getArray('list').insert(0, [1, 'two', { three: [3, null, true] }, rng.float()]);
  },
};

/** A random scenario, from a fresh document with its own client id. */
export function randomScenario(rng: Rng): EditScenario {
  const kind = rng.int(5);
  if (kind === 0) return gcScenario(rng);
  if (kind === 1) return skipScenario(rng);
  if (kind === 2) {
    const name = rng.pick(Object.keys(standalone));
    const { updates } = record(rng, [standalone[name] as Edit]);
    return { name, base: [], target: updates[0] as Uint8Array };
  }
  const name = rng.pick(Object.keys(followUps));
  const first = rng.pick(Object.values(standalone).slice(0, 2));
  const { updates } = record(rng, [first, followUps[name] as Edit]);
  // Now and then the whole state (as a sync step 2 carries it) rather than the increment.
  if (kind === 3) return { name: `${name} (state)`, base: [], target: Y.mergeUpdates(updates) };
  return { name, base: updates.slice(0, -1), target: updates.at(-1) as Uint8Array };
}

function record(rng: Rng, edits: Edit[], opts: { gc?: boolean } = {}): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = seededDoc(rng, opts.gc ?? true);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const edit of edits) doc.transact(() => edit(doc, rng));
  return { doc, updates };
}

/** A state holding GC structs: content that was deleted and collected. */
function gcScenario(rng: Rng): EditScenario {
  const { doc } = record(rng, [
    standalone['paste many paragraphs'] as Edit,
    (d) => fragment(d).delete(0, Math.max(1, fragment(d).length - 1)),
  ]);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { name: 'state with collected deletions', base: [], target: state };
}

/** A merged update with a gap, which Yjs encodes as a Skip struct. */
function skipScenario(rng: Rng): EditScenario {
  const { updates } = record(rng, [
    standalone['type a paragraph'] as Edit,
    followUps['insert inside text'] as Edit,
    followUps['insert inside text'] as Edit,
  ]);
  const [a, , c] = updates as [Uint8Array, Uint8Array, Uint8Array];
  return { name: 'merged update with a gap', base: [a], target: Y.mergeUpdates([a, c]) };
}

/** A document whose client id comes from the seed, so a replay makes the same bytes. */
export function seededDoc(rng: Rng, gc = true): Y.Doc {
  const doc = new Y.Doc({ gc });
  doc.clientID = rng.int(2 ** 32);
  return doc;
}

/** A well-formed document nested `depth` elements deep (built level by level: no recursion). */
export function deepXmlUpdate(rng: Rng, depth: number, leafText: string): Uint8Array {
  const doc = seededDoc(rng);
  doc.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = fragment(doc);
    for (let i = 0; i < depth; i++) {
      const el = new Y.XmlElement(i % 2 === 0 ? 'blockquote' : 'bulletList');
      parent.insert(0, [el]);
      parent = el;
    }
    const p = new Y.XmlElement('paragraph');
    parent.insert(0, [p]);
    p.insert(0, [new Y.XmlText(leafText)]);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
