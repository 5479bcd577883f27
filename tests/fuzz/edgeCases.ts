import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { messages } from '../support/collab.ts';
import { hex, issue687Cases, schemaViolationCases, type CollabCase } from './collabCases.ts';
import { Rng } from './rng.ts';
import { parseUpdateLayout } from './updateLayout.ts';
import { deepXmlUpdate, seededDoc } from './validUpdates.ts';
import { nestedAny } from './yjsMutations.ts';

/**
 * A V1 update of `lengths.length` deleted items (ContentDeleted) of one client in the root
 * fragment, one after the other from clock 0: each length passes a per-struct bound of 2^32,
 * but Yjs merges the adjacent ranges of its delete set, which every client then holds.
 */
export function deletedRun(client: number, lengths: number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // clients
  encoding.writeVarUint(e, lengths.length);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0); // clock
  for (const len of lengths) {
    encoding.writeUint8(e, 1); // ContentDeleted, no origins: parent info follows
    encoding.writeVarUint(e, 1); // parent is a root type, by name
    encoding.writeVarString(e, 'default');
    encoding.writeVarUint(e, len);
  }
  encoding.writeVarUint(e, 0); // delete set: no clients
  return encoding.toUint8Array(e);
}

/**
 * A real attribute update whose value (ContentAny) is an array nested `depth` deep. It needs the
 * paragraph it is set on, so the case sends that first.
 */
function deepAnyCase(rng: Rng, depth: number): CollabCase {
  const doc = seededDoc(rng);
  const p = new Y.XmlElement('paragraph');
  doc.getXmlFragment('default').insert(0, [p]);
  const base = Y.encodeStateAsUpdate(doc);
  const before = Y.encodeStateVector(doc);
  p.setAttribute('x', 7 as unknown as string);
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  const value = parseUpdateLayout(update).anyValues.at(-1);
  if (!value) throw new Error('no attribute value in the update');
  const deep = new Uint8Array([
    ...update.subarray(0, value.start),
    ...nestedAny(depth),
    ...update.subarray(value.end),
  ]);
  return {
    kind: `edge/nested any ${depth}`,
    detail: `an attribute nested ${depth.toLocaleString('en')} arrays deep: ${hex(deep)}`,
    frames: [messages.update(base), messages.update(deep)],
  };
}

const one = (kind: string, detail: string, update: Uint8Array): CollabCase => ({
  kind,
  detail: `${detail}: ${hex(update)}`,
  frames: [messages.update(update)],
});

/**
 * Batches of fixed inputs that run first in every run, one class per batch (a failing batch stops
 * at its first broken invariant, so each class gets its own): yjs #687, schema violations, length
 * and clock edges, deep nesting. Random batches follow. Every batch also drops and reconnects one
 * honest editor midway (see runBatch), which is when it sends its whole delete set back.
 */
export function fixedBatches(seed: number): CollabCase[][] {
  const rng = new Rng(seed ^ 0x2545f491);
  const client = (): number => rng.int(2 ** 31);
  return [
    issue687Cases(),
    schemaViolationCases(rng),
    [
      one(
        'edge/deleted 2^32 then 1',
        'adjacent deleted items of 2^32 and 1 (merged: 2^32+1)',
        deletedRun(client(), [2 ** 32, 1]),
      ),
    ],
    [
      one(
        'edge/deleted 2^31 ×3',
        'three adjacent deleted items of 2^31',
        deletedRun(client(), [2 ** 31, 2 ** 31, 2 ** 31]),
      ),
      one('edge/deleted 2^53', 'a deleted item of 2^53', deletedRun(client(), [2 ** 53])),
      one('edge/deleted 2^54', 'a deleted item of 2^54', deletedRun(client(), [2 ** 54])),
    ],
    [
      one('deepXml', 'elements nested 1,000 deep', deepXmlUpdate(rng, 1_000, 'deep 1000')),
      one('deepXml', 'elements nested 40,000 deep', deepXmlUpdate(rng, 40_000, 'deep 40000')),
    ],
    [3_000, 5_000, 8_000, 20_000, 100_000].map((depth) => deepAnyCase(rng, depth)),
  ];
}
