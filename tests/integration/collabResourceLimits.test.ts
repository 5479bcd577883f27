import { CollabCloseCode } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  appendParagraph,
  awarenessEntry,
  connectCollab,
  eventually,
  messages,
  RawWebSocket,
  waitFor,
  waitSynced,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer({
    COLLAB_MAX_CONNECTIONS_PER_USER: '3',
    COLLAB_MAX_CONNECTIONS_PER_PAGE: '6',
    COLLAB_UPDATES_PER_SECOND: '50',
    COLLAB_MAX_DOCUMENT_BYTES: String(8 * 1024 * 1024),
    COLLAB_MAX_MESSAGE_BYTES: String(4 * 1024 * 1024),
    COLLAB_MAX_DOCUMENT_STRUCTS: '20000',
  });
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

const open = (pageId: string, client: ApiClient): Promise<RawWebSocket> =>
  RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, { cookie: client.cookie ?? '' });

/** Resolves with the close code, or 'open' if the socket is still open after `ms`. */
const closedWithin = (ws: RawWebSocket, ms: number): Promise<number | 'open'> =>
  Promise.race([ws.closed, new Promise<'open'>((r) => setTimeout(() => r('open'), ms))]);

const EMPTY_STATE_VECTOR = Uint8Array.of(0);

describe('collaboration resource limits', () => {
  it('a user past the connection cap is closed with 4429; other users are not', async () => {
    const student = (await createUser(admin, 'student')).client;
    const other = (await createUser(admin, 'student')).client;
    const [p1, p2] = await Promise.all([createPage(admin), createPage(admin)]);
    const first = await Promise.all([open(p1, student), open(p1, student), open(p2, student)]);
    const fourth = await open(p2, student);
    expect(await fourth.closed).toBe(CollabCloseCode.TooMany);
    const others = await open(p1, other);
    expect(await closedWithin(others, 300)).toBe('open');
    for (const ws of first) expect(await closedWithin(ws, 0)).toBe('open');
    // A closed connection frees its place.
    first[0]?.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const again = await open(p2, student);
    expect(await closedWithin(again, 300)).toBe('open');
    [...first, others, again].forEach((ws) => ws.destroy());
  });

  it('a page past its connection cap is closed with 4429', async () => {
    const pageId = await createPage(admin);
    const students = await Promise.all([1, 2, 3].map(() => createUser(admin, 'student')));
    const sockets = await Promise.all(
      students.flatMap((s) => [open(pageId, s.client), open(pageId, s.client)]),
    );
    const seventh = await open(pageId, admin);
    expect(await seventh.closed).toBe(CollabCloseCode.TooMany);
    const elsewhere = await open(await createPage(admin), admin);
    expect(await closedWithin(elsewhere, 300)).toBe('open');
    [...sockets, elsewhere].forEach((ws) => ws.destroy());
  });

  it('awareness past its rate is coalesced: peers end with the latest state, not every one', async () => {
    const student = (await createUser(admin, 'student')).client;
    const pageId = await createPage(student);
    const watcher = connectCollab(server.wsUrl, pageId, admin.cookie);
    await waitSynced(watcher);
    const ws = await open(pageId, student);
    const clientId = 4242;
    let seen = 0;
    watcher.provider.awareness.on('change', () => seen++);
    for (let clock = 1; clock <= 400; clock++)
      ws.send(messages.awareness(awarenessEntry(clientId, clock, { n: clock })));
    await waitFor(
      () => (watcher.provider.awareness.getStates().get(clientId) as { n?: number } | undefined)?.n === 400,
      5_000,
      'the latest awareness state',
    );
    expect(seen).toBeLessThan(200);
    // A state past the size bound is not relayed at all.
    ws.send(messages.awareness(awarenessEntry(clientId, 401, { n: 401, pad: 'x'.repeat(4096) })));
    await new Promise((r) => setTimeout(r, 300));
    expect((watcher.provider.awareness.getStates().get(clientId) as { n?: number } | undefined)?.n).toBe(400);
    ws.destroy();
    watcher.destroy();
  });

  it('updates past the rate are slowed, not lost', async () => {
    const student = (await createUser(admin, 'student')).client;
    const pageId = await createPage(student);
    const ws = await open(pageId, student);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 400; i++) appendParagraph(doc, `p${i}`);
    const started = Date.now();
    for (const u of updates) ws.send(messages.update(u));
    const documents = server.rounds.storage.documents;
    await new Promise((r) => setTimeout(r, 1_000));
    // 50/s with bursts of 150: about 200 after one second, far from all 400.
    expect(await documents.countPendingUpdates(pageId)).toBeLessThan(300);
    await eventually(async () => expect(await documents.countPendingUpdates(pageId)).toBe(400), 15_000);
    expect(Date.now() - started).toBeGreaterThan(4_000);
    expect(await closedWithin(ws, 0)).toBe('open');
    ws.destroy();
  });

  it('an update past the struct cap is refused with 4413 (memory grows with structs, not bytes)', async () => {
    const student = (await createUser(admin, 'student')).client;
    const pageId = await createPage(student);
    const ws = await open(pageId, student);
    // 8,000 one-character items inserted at the front never merge: ~11 bytes each encoded, far
    // more in memory.
    const doc = new Y.Doc();
    appendParagraph(doc, '');
    const text = (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    doc.transact(() => {
      for (let i = 0; i < 8_000; i++) text.insert(0, 'x');
    });
    ws.send(messages.update(Y.encodeStateAsUpdate(doc)));
    expect(await ws.closed).toBe(CollabCloseCode.DocumentTooLarge);
    expect((await admin.get(`/api/pages/${pageId}/content?version=draft&format=text`)).status).toBe(200);
  });

  it('an awareness id its user just left with cannot be claimed by another user', async () => {
    const [owner, thief] = await Promise.all([createUser(admin, 'student'), createUser(admin, 'student')]);
    const pageId = await createPage(owner.client);
    const watcher = connectCollab(server.wsUrl, pageId, admin.cookie);
    await waitSynced(watcher);
    const stateOf = (id: number) =>
      watcher.provider.awareness.getStates().get(id) as { who?: string } | undefined;
    const clientId = 987_654;
    const first = await open(pageId, owner.client);
    first.send(messages.awareness(awarenessEntry(clientId, 1, { who: 'owner' })));
    await waitFor(() => stateOf(clientId)?.who === 'owner', 5_000, 'owner presence');
    first.destroy();
    await waitFor(() => stateOf(clientId) === undefined, 5_000, 'owner presence removed');
    const hijack = await open(pageId, thief.client);
    hijack.send(messages.awareness(awarenessEntry(clientId, 5, { who: 'thief' })));
    await new Promise((r) => setTimeout(r, 300));
    expect(stateOf(clientId)).toBeUndefined();
    // The owner comes back and has their id.
    const again = await open(pageId, owner.client);
    again.send(messages.awareness(awarenessEntry(clientId, 2, { who: 'owner' })));
    await waitFor(() => stateOf(clientId)?.who === 'owner', 5_000, 'owner presence again');
    [hijack, again].forEach((ws) => ws.destroy());
    watcher.destroy();
  });

  describe('on a document of ~6 MB', () => {
    let pageId: string;
    let student: ApiClient;
    let writer: ReturnType<typeof connectCollab>;
    beforeAll(async () => {
      student = (await createUser(admin, 'student')).client;
      pageId = await createPage(student);
      writer = connectCollab(server.wsUrl, pageId, student.cookie);
      await waitSynced(writer);
      // About 6 MB of text, in 2 MB pastes.
      for (let i = 0; i < 3; i++) appendParagraph(writer.doc, `${i}`.repeat(2_000_000));
      const reader = connectCollab(server.wsUrl, pageId, admin.cookie);
      await waitSynced(reader, 20_000);
      reader.destroy();
    });
    afterAll(() => writer.destroy());

    it('repeated sync requests are answered at a bounded pace in bytes, not as fast as they come', async () => {
      const asker = (await createUser(admin, 'student')).client;
      const ws = await open(pageId, asker);
      ws.send(messages.syncStep1(EMPTY_STATE_VECTOR));
      await waitFor(() => ws.messages.length >= 2, 20_000, 'first');
      for (let i = 0; i < 50; i++) ws.send(messages.syncStep1(EMPTY_STATE_VECTOR));
      await new Promise((r) => setTimeout(r, 2_000));
      const answers = ws.messages.filter((m) => m[0] === 0 && m[1] === 1);
      const bytes = answers.reduce((n, m) => n + m.byteLength, 0);
      // Unpaced this is 50 answers, ~300 MB; paced, a 32 MB burst plus 4 MB/s.
      expect(answers.length).toBeGreaterThan(1);
      expect(bytes).toBeLessThan(60 * 1024 * 1024);
      // Slowed, not refused: the socket stays open.
      expect(await closedWithin(ws, 0)).toBe('open');
      ws.destroy();
    });

    it('fresh clients that never read share one full-state buffer instead of a copy each', async () => {
      const readers = await Promise.all(Array.from({ length: 5 }, () => createUser(admin, 'student')));
      const before = process.memoryUsage().rss;
      const slow: RawWebSocket[] = [];
      for (const r of readers) {
        for (let i = 0; i < 3; i++) {
          const ws = await open(pageId, r.client);
          ws.stopReading();
          ws.send(messages.syncStep1(EMPTY_STATE_VECTOR));
          slow.push(ws);
        }
      }
      await new Promise((r) => setTimeout(r, 1_500));
      const grown = process.memoryUsage().rss - before;
      // 15 copies of the state would be about 90 MB.
      expect(grown).toBeLessThan(45 * 1024 * 1024);
      slow.forEach((ws) => ws.destroy());
    });
  });
});
