import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  messages,
  paragraphTexts,
  RawWebSocket,
  waitFor,
  waitSynced,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

const MAX_DOCUMENT_BYTES = 20_000;

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;

beforeAll(async () => {
  server = await startServer({ COLLAB_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES) });
  admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
});
afterAll(async () => {
  await server.stop();
});

/** Two updates of a private document: a paragraph, then text added to it (which needs the first). */
function dependentUpdates(text: string): { base: Uint8Array; dependent: Uint8Array; doc: Y.Doc } {
  const doc = new Y.Doc();
  appendParagraph(doc, 'base ');
  const base = Y.encodeStateAsUpdate(doc);
  const before = Y.encodeStateVector(doc);
  const p = doc.getXmlFragment('default').get(0) as Y.XmlElement;
  (p.get(0) as Y.XmlText).insert(5, text);
  return { base, dependent: Y.encodeStateAsUpdate(doc, before), doc };
}

type ServerMessage = { kind: 'step1' | 'step2' | 'update' | 'other'; payload: Uint8Array };

function decodeServerMessage(m: Uint8Array): ServerMessage {
  const d = decoding.createDecoder(m);
  if (decoding.readVarUint(d) !== 0) return { kind: 'other', payload: m };
  const sub = decoding.readVarUint(d);
  const payload = decoding.readVarUint8Array(d);
  return { kind: sub === 0 ? 'step1' : sub === 1 ? 'step2' : 'update', payload };
}

const received = (ws: RawWebSocket, kind: ServerMessage['kind']): ServerMessage[] =>
  ws.messages.map(decodeServerMessage).filter((m) => m.kind === kind);

describe('updates with missing dependencies', () => {
  it('are neither kept nor served to others, and the sender is asked for its whole state', async () => {
    const pageId = await createPage(admin);
    const { dependent, doc } = dependentUpdates('and more');
    const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, { cookie: student.cookie ?? '' });
    try {
      await waitFor(() => received(raw, 'step1').length === 1, 5_000, "the server's sync step 1");
      raw.send(messages.update(dependent));
      // Our own sync step 1 afterwards: its answer is exactly what the server serves to newcomers.
      raw.send(messages.syncStep1(new Uint8Array([0])));
      await waitFor(() => received(raw, 'step2').length === 1, 5_000, 'sync step 2');
      const served = new Y.Doc();
      Y.applyUpdate(served, received(raw, 'step2')[0]?.payload ?? new Uint8Array());
      expect(served.store.pendingStructs).toBeNull();
      expect(served.store.pendingDs).toBeNull();

      const newcomer = connectCollab(server.wsUrl, pageId, admin.cookie);
      try {
        await waitSynced(newcomer);
        expect(newcomer.doc.store.pendingStructs).toBeNull();

        // The server asked the sender for everything it has; answering completes the edit.
        await waitFor(() => received(raw, 'step1').length >= 2, 5_000, 'a request for the whole state');
        const request = received(raw, 'step1')[1]?.payload ?? new Uint8Array([0]);
        raw.send(messages.syncStep2(Y.encodeStateAsUpdate(doc, request)));
        await waitFor(
          () => paragraphTexts(newcomer.doc).includes('base and more'),
          5_000,
          'the completed edit',
        );
      } finally {
        newcomer.destroy();
      }
    } finally {
      raw.destroy();
    }
  });

  it("an edit building on another tab's unsynced edit reaches everyone without waiting for that tab", async () => {
    const pageId = await createPage(admin);
    const tab1 = connectCollab(server.wsUrl, pageId, student.cookie);
    const tab2 = connectCollab(server.wsUrl, pageId, student.cookie);
    const colleague = connectCollab(server.wsUrl, pageId, admin.cookie);
    try {
      await Promise.all([waitSynced(tab1), waitSynced(tab2), waitSynced(colleague)]);
      // Tab 1 lost its connection; its edit reaches tab 2 over the BroadcastChannel only (as the
      // provider itself would apply it: with the provider as origin, so it is not re-sent).
      tab1.provider.disconnect();
      const beforeTab1 = Y.encodeStateVector(tab1.doc);
      appendParagraph(tab1.doc, 'Lactate ');
      Y.applyUpdate(tab2.doc, Y.encodeStateAsUpdate(tab1.doc, beforeTab1), tab2.provider);
      // Tab 2 edits on top of it: the server receives text inside a paragraph it has never seen.
      const p = tab2.doc.getXmlFragment('default').get(0) as Y.XmlElement;
      (p.get(0) as Y.XmlText).insert(8, 'above 2 mmol/L');
      await waitFor(
        () => paragraphTexts(colleague.doc).includes('Lactate above 2 mmol/L'),
        5_000,
        "tab 2's edit to reach a colleague while tab 1 is still offline",
      );
    } finally {
      tab1.destroy();
      tab2.destroy();
      colleague.destroy();
    }
  });

  it('cannot grow what the server serves past the document size cap', async () => {
    const pageId = await createPage(admin);
    const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, { cookie: student.cookie ?? '' });
    try {
      // Each update alone is well under the cap; together they are far over it.
      for (let i = 0; i < 8; i++) raw.send(messages.update(dependentUpdates('x'.repeat(6_000)).dependent));
      raw.send(messages.syncStep1(new Uint8Array([0])));
      await waitFor(() => received(raw, 'step2').length === 1, 5_000, 'sync step 2');
      const newcomer = connectCollab(server.wsUrl, pageId, admin.cookie);
      try {
        await waitSynced(newcomer);
        expect(Y.encodeStateAsUpdate(newcomer.doc).byteLength).toBeLessThan(MAX_DOCUMENT_BYTES);
        expect(newcomer.doc.store.pendingStructs).toBeNull();
      } finally {
        newcomer.destroy();
      }
    } finally {
      raw.destroy();
    }
  });
});
