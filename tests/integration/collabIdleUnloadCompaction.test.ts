import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  eventually,
  paragraphTexts,
  waitFor,
  waitSynced,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer({ COLLAB_IDLE_UNLOAD_MS: '50', COLLAB_COMPACT_EVERY: '20' });
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

/** An update adding one paragraph on top of a stored state. */
function paragraphUpdate(state: Uint8Array | null, text: string): Uint8Array {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  const before = Y.encodeStateVector(doc);
  appendParagraph(doc, text, text);
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}

describe('idle unload and log compaction', () => {
  it('folds the update log while editing and after the last client leaves, and the content survives reloads', async () => {
    const pageId = await createPage(admin);
    const student = await createUser(admin, 'student');
    const documents = server.rounds.storage.documents;
    const expected: string[] = [];

    for (let session = 0; session < 2; session++) {
      const writer = connectCollab(server.wsUrl, pageId, student.client.cookie);
      const reader = connectCollab(server.wsUrl, pageId, admin.cookie);
      await Promise.all([waitSynced(writer), waitSynced(reader)]);
      // The document was unloaded in between: what the clients get back is what was stored.
      expect(paragraphTexts(writer.doc)).toEqual(expected);

      // 120 separate updates, each stored as its own row before being relayed.
      for (let i = 0; i < 120; i++) {
        const text = `s${session}-${i}`;
        appendParagraph(writer.doc, text, text);
        expected.push(text);
        if (i % 10 === 9)
          await waitFor(() => paragraphTexts(reader.doc).length === expected.length, 5_000, 'relay');
      }
      await waitFor(() => paragraphTexts(reader.doc).length === expected.length, 5_000, 'relay');
      // Compaction ran while the document was in use: far fewer than 120 unfolded updates.
      await eventually(async () => expect(await documents.countPendingUpdates(pageId)).toBeLessThan(40));

      writer.destroy();
      reader.destroy();
      // Idle for 50 ms: unloaded, and the rest of the log folded into the snapshot.
      await eventually(async () => expect(await documents.countPendingUpdates(pageId)).toBe(0));
      const stored = await documents.loadDocument(pageId);
      expect(stored.snapshot).not.toBeNull();
      expect(stored.updates).toEqual([]);

      // Proof of the unload: a paragraph written straight into storage is only seen by a client
      // once the document is loaded afresh (an in-memory document would never show it).
      const injected = `injected-${session}`;
      await documents.appendUpdates(pageId, [
        { update: paragraphUpdate(stored.snapshot, injected), userId: null, at: Date.now() },
      ]);
      expected.push(injected);
      // Each probe holds the document; leave it idle for longer than 50 ms between probes.
      let seen = false;
      for (let attempt = 0; !seen && attempt < 20; attempt++) {
        await new Promise((r) => setTimeout(r, 150));
        const probe = connectCollab(server.wsUrl, pageId, admin.cookie);
        await waitSynced(probe);
        seen = paragraphTexts(probe.doc).includes(injected);
        probe.destroy();
      }
      expect(seen, 'the document was never unloaded and reloaded').toBe(true);
    }

    const fresh = connectCollab(server.wsUrl, pageId, admin.cookie);
    try {
      await waitSynced(fresh);
      expect(paragraphTexts(fresh.doc)).toEqual(expected);
    } finally {
      fresh.destroy();
    }
    const draft = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(draft.body).toBe(expected.join('\n\n'));
  });
});
