import type { DocumentStore } from '@rounds/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  paragraphTexts,
  waitFor,
  waitSynced,
  type CollabClient,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let documents: DocumentStore;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  documents = server.rounds.storage.documents;
  // The real SQLite store, made slow like a remote database would be: each append waits a few
  // milliseconds before writing. Relaying before storing would now let clients get ahead of it.
  const append = documents.appendUpdates.bind(documents);
  let n = 0;
  documents.appendUpdates = async (pageId, updates) => {
    await new Promise((r) => setTimeout(r, 2 + (n++ % 5)));
    return append(pageId, updates);
  };
});
afterAll(async () => {
  await server.stop();
});

/** Paragraph texts of the page as stored right now (snapshot + log). */
async function storedParagraphs(pageId: string): Promise<Set<string>> {
  const stored = await documents.loadDocument(pageId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u.update);
  const texts = new Set(paragraphTexts(doc));
  doc.destroy();
  return texts;
}

/** On every update `client` receives, checks at once that storage already has all it shows. */
function auditOnReceipt(client: CollabClient, pageId: string): { checks: number; unstored: string[] } {
  const audit = { checks: 0, unstored: [] as string[] };
  client.doc.on('update', () => {
    const shown = paragraphTexts(client.doc);
    void storedParagraphs(pageId).then((stored) => {
      audit.checks++;
      for (const t of shown) if (!stored.has(t)) audit.unstored.push(t);
    });
  });
  return audit;
}

describe('an update is stored before anyone else sees it', () => {
  it('relayed updates, sync answers to newcomers and draft reads only ever show stored content', async () => {
    const pageId = await createPage(admin);
    const student = await createUser(admin, 'student');
    const writer = connectCollab(server.wsUrl, pageId, student.client.cookie);
    const observer = connectCollab(server.wsUrl, pageId, admin.cookie);
    const newcomers: CollabClient[] = [];
    try {
      await Promise.all([waitSynced(writer), waitSynced(observer)]);
      const observed = auditOnReceipt(observer, pageId);
      const newcomerAudits: ReturnType<typeof auditOnReceipt>[] = [];
      const draftUnstored: string[] = [];
      const draftReads: Promise<void>[] = [];

      for (let i = 0; i < 150; i++) {
        appendParagraph(writer.doc, `p-${i}`, `p-${i}`);
        if (i % 2 === 0) await new Promise((r) => setTimeout(r, 1));
        if (i % 25 === 10) {
          // A newcomer mid-stream: its sync step 2 must not carry anything not yet stored.
          const c = connectCollab(server.wsUrl, pageId, admin.cookie);
          newcomers.push(c);
          newcomerAudits.push(auditOnReceipt(c, pageId));
        }
        if (i % 10 === 5) {
          // Draft reads while the writing goes on; storage only grows, so checking it after the
          // response arrives is enough.
          draftReads.push(
            admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`).then(async (res) => {
              const stored = await storedParagraphs(pageId);
              for (const t of res.body.split('\n\n')) if (t && !stored.has(t)) draftUnstored.push(t);
            }),
          );
        }
      }
      await Promise.all(draftReads);
      await waitFor(() => paragraphTexts(observer.doc).length === 150, 10_000, 'observer to receive all');
      await Promise.all(newcomers.map((c) => waitSynced(c)));
      await waitFor(() => newcomers.every((c) => paragraphTexts(c.doc).length === 150), 10_000, 'newcomers');

      expect(observed.checks).toBeGreaterThan(10);
      expect(observed.unstored).toEqual([]);
      for (const audit of newcomerAudits) expect(audit.unstored).toEqual([]);
      expect(draftUnstored).toEqual([]);
    } finally {
      writer.destroy();
      observer.destroy();
      newcomers.forEach((c) => c.destroy());
    }
  });
});
