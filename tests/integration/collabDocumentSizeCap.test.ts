import { materializeState } from '@rounds/editor/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  eventually,
  nextClose,
  paragraphTexts,
  waitFor,
  waitSynced,
  withTimeout,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

const MAX_DOCUMENT_BYTES = 20_000;

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer({ COLLAB_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES) });
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

/** The page's document as stored: snapshot plus log, replayed into a fresh Y.Doc. */
async function storedState(pageId: string): Promise<Uint8Array> {
  const stored = await server.rounds.storage.documents.loadDocument(pageId);
  const doc = new Y.Doc();
  try {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u.update);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

const sentence = (i: number): string => `${i}: Reassess fluid responsiveness after each bolus. `.repeat(8);

describe('document size cap', () => {
  it('a client pushing the document past the cap is closed with 4413; the stored document stays loadable and under the cap', async () => {
    const pageId = await createPage(admin);
    const student = await createUser(admin, 'student');
    const writer = connectCollab(server.wsUrl, pageId, student.client.cookie);
    const reader = connectCollab(server.wsUrl, pageId, admin.cookie);
    try {
      await Promise.all([waitSynced(writer), waitSynced(reader)]);
      const closed = nextClose(writer);
      let written = 0;
      let code: number | null = null;
      void closed.then((c) => (code = c));
      // ~430 bytes per paragraph: the cap is reached after a few dozen.
      while (code === null && written < 200) {
        appendParagraph(writer.doc, sentence(written++));
        await new Promise((r) => setTimeout(r, 2));
      }
      expect(await withTimeout(closed, 5_000, 'the 4413 close')).toBe(4413);
      expect(written).toBeGreaterThan(10);
      // 4413 is permanent: the y-websocket client does not come back with the same content.
      expect(writer.provider.shouldConnect).toBe(false);

      const state = await storedState(pageId);
      expect(state.byteLength).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
      const stored = materializeState(state);
      expect(stored.blocks.length).toBeGreaterThan(10);

      // Others keep the document: a newcomer loads exactly what is stored, and the draft renders.
      const newcomer = connectCollab(server.wsUrl, pageId, admin.cookie);
      try {
        await waitSynced(newcomer);
        expect(Y.encodeStateAsUpdate(newcomer.doc).byteLength).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
        expect(paragraphTexts(newcomer.doc).length).toBe(stored.blocks.length);
        await waitFor(
          () => paragraphTexts(reader.doc).join() === paragraphTexts(newcomer.doc).join(),
          5_000,
          'the reader to hold what is stored',
        );
      } finally {
        newcomer.destroy();
      }
      const draft = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
      expect(draft.status).toBe(200);
      expect(draft.body).toBe(paragraphTexts(reader.doc).join('\n\n'));
    } finally {
      writer.destroy();
      reader.destroy();
    }
  });

  it('deletions that fragment the text count against the cap too', async () => {
    // Deleting every other character splits one text item into thousands: the encoded document
    // grows several times faster than the bytes of the delete updates themselves.
    const pageId = await createPage(admin);
    const student = await createUser(admin, 'student');
    const writer = connectCollab(server.wsUrl, pageId, student.client.cookie);
    try {
      await waitSynced(writer);
      const closed = nextClose(writer);
      let code: number | null = null;
      void closed.then((c) => (code = c));
      appendParagraph(writer.doc, 'x'.repeat(6_000));
      const text = (writer.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      for (let i = 1; code === null && i < 2_900; i += 10) {
        writer.doc.transact(() => {
          for (let j = i; j < i + 10; j++) text.delete(j, 1);
        });
        await new Promise((r) => setTimeout(r, 1));
      }
      // Refused at some point, or else everything it sent got stored.
      await eventually(async () => {
        if (code === null) expect(materializeState(await storedState(pageId)).text).toBe(text.toString());
      });
      const state = await storedState(pageId);
      expect(state.byteLength).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
      expect(code).toBe(4413);
      expect(materializeState(state).text.length).toBeGreaterThan(3_000);
    } finally {
      writer.destroy();
    }
  });
});
