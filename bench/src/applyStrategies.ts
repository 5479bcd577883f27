/**
 * How to keep a failed apply out of the live document (issue: hostile input): apply each client
 * update to a scratch copy first, or apply it to the live document and drop + reload the document
 * after a failure. Prints the hot-path cost of each per update, for documents of several sizes.
 * Run: npx tsx bench/src/applyStrategies.ts
 */
import * as Y from 'yjs';

function documentOf(paragraphs: number): Y.Doc {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  for (let i = 0; i < paragraphs; i++) {
    const p = new Y.XmlElement('paragraph');
    fragment.insert(fragment.length, [p]);
    p.insert(0, [new Y.XmlText(`Paragraph ${i}: community-acquired pneumonia is treated with amoxicillin.`)]);
  }
  return doc;
}

/** Keystroke-sized updates from another client typing into the last paragraph. */
function keystrokes(base: Y.Doc, n: number): Uint8Array[] {
  const typist = new Y.Doc();
  Y.applyUpdate(typist, Y.encodeStateAsUpdate(base));
  const out: Uint8Array[] = [];
  typist.on('update', (u: Uint8Array) => out.push(u));
  const fragment = typist.getXmlFragment('default');
  const text = (fragment.get(fragment.length - 1) as Y.XmlElement).get(0) as Y.XmlText;
  for (let i = 0; i < n; i++) text.insert(text.length, 'x');
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function measure(paragraphs: number): { bytes: number; direct: number; scratch: number } {
  const updates = keystrokes(documentOf(paragraphs), 200);
  const rounds = (fn: (live: Y.Doc, u: Uint8Array) => void): number => {
    const live = documentOf(paragraphs);
    const times: number[] = [];
    for (const u of updates) {
      const t = performance.now();
      fn(live, u);
      times.push(performance.now() - t);
    }
    live.destroy();
    return median(times) * 1000;
  };
  const bytes = Y.encodeStateAsUpdate(documentOf(paragraphs)).byteLength;
  const direct = rounds((live, u) => Y.applyUpdate(live, u));
  const scratch = rounds((live, u) => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
    Y.applyUpdate(copy, u);
    copy.destroy();
    Y.applyUpdate(live, u);
  });
  return { bytes, direct, scratch };
}

console.log('document bytes | apply to live (µs, median) | scratch copy first (µs, median) | ratio');
for (const paragraphs of [10, 200, 2_000]) {
  const { bytes, direct, scratch } = measure(paragraphs);
  console.log(
    `${String(bytes).padStart(14)} | ${direct.toFixed(1).padStart(26)} | ${scratch.toFixed(1).padStart(32)} | ${(scratch / direct).toFixed(0)}x`,
  );
}
