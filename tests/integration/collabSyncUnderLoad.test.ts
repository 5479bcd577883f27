import type { DocumentStore } from '@rounds/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  paragraphTexts,
  waitFor,
  waitSynced,
  withTimeout,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let documents: DocumentStore;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  documents = server.rounds.storage.documents;
  // The real SQLite store with the latency of a remote database: appends complete a few
  // milliseconds later, so new edits keep arriving while earlier ones are being stored.
  const append = documents.appendUpdates.bind(documents);
  documents.appendUpdates = async (pageId, updates) => {
    await new Promise((r) => setTimeout(r, 5));
    return append(pageId, updates);
  };
});
afterAll(async () => {
  await server.stop();
});

describe('sync under sustained editing', () => {
  it('newcomers and draft reads are answered while colleagues keep typing, even with a slow store', async () => {
    const pageId = await createPage(admin);
    const typists = await Promise.all([createUser(admin, 'student'), createUser(admin, 'faculty')]);
    const writers = typists.map((t) => connectCollab(server.wsUrl, pageId, t.client.cookie));
    await Promise.all(writers.map((w) => waitSynced(w)));
    let typing = true;
    let n = 0;
    const timers = writers.map((w, i) =>
      setInterval(() => {
        if (typing) appendParagraph(w.doc, `w${i}-${n++}`);
      }, 1),
    );
    try {
      const first = writers[0];
      if (!first) throw new Error('no writers');
      await waitFor(() => paragraphTexts(first.doc).length > 50, 10_000, 'typing');
      // While the typing goes on (it never pauses for the store to catch up):
      const newcomer = connectCollab(server.wsUrl, pageId, admin.cookie);
      try {
        const started = Date.now();
        await waitSynced(newcomer, 5_000);
        expect(Date.now() - started).toBeLessThan(5_000);
        const draft = await withTimeout(
          admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`),
          5_000,
          'a draft read',
        );
        expect(draft.status).toBe(200);
        expect(typing).toBe(true);
      } finally {
        newcomer.destroy();
      }
    } finally {
      typing = false;
      timers.forEach((t) => clearInterval(t));
      writers.forEach((w) => w.destroy());
    }
  });
});
