import * as Y from 'yjs';

/**
 * 24 bytes reported by an adversarial review: a deleted item of length 2^54 in `default`.
 * `Y.applyUpdate` throws on it after integrating part of it into the document.
 */
export const CRAFTED_HALF_APPLYING_UPDATE = Buffer.from(
  '01018b060001010764656661756c74808080808080802000',
  'hex',
);

/** An update nesting `depth` blockquotes in `default`, with a paragraph of `text` at the bottom. */
export function deeplyNestedUpdate(depth: number, text: string): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  doc.transact(() => {
    // Built outside-in, so Yjs integrates one level at a time (nesting prelim types recurses).
    let parent: Y.XmlFragment | Y.XmlElement = fragment;
    for (let i = 0; i < depth; i++) {
      const quote = new Y.XmlElement('blockquote');
      parent.insert(parent.length, [quote]);
      parent = quote;
    }
    const p = new Y.XmlElement('paragraph');
    parent.insert(0, [p]);
    p.insert(0, [new Y.XmlText(text)]);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/**
 * Two updates that nest blockquotes `first` deep, then `more` deeper under the innermost one: each
 * alone looks shallow; only applied together is the nesting seen.
 */
export function nestingInTwoSteps(first: number, more: number): [Uint8Array, Uint8Array] {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  let parent: Y.XmlFragment | Y.XmlElement = fragment;
  const nest = (levels: number): void =>
    doc.transact(() => {
      for (let i = 0; i < levels; i++) {
        const quote = new Y.XmlElement('blockquote');
        parent.insert(parent.length, [quote]);
        parent = quote;
      }
    });
  nest(first);
  const a = Y.encodeStateAsUpdate(doc);
  const before = Y.encodeStateVector(doc);
  nest(more);
  const b = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return [a, b];
}

/**
 * The encoded state of a document damaged the way the crafted update damages a live one: honest
 * text plus the half-integrated item. It encodes, but it no longer loads.
 */
export function damagedState(text: string): Uint8Array {
  const doc = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  doc.getXmlFragment('default').insert(0, [p]);
  p.insert(0, [new Y.XmlText(text)]);
  try {
    Y.applyUpdate(doc, CRAFTED_HALF_APPLYING_UPDATE);
  } catch {
    // expected: this is the damage
  }
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
