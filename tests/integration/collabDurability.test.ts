import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  connectCollabWith,
  nextClose,
  paragraphTexts,
  RawWebSocket,
  waitFor,
  waitSynced,
  type CollabClient,
} from '../support/collab.ts';
import { startChildServer, type ChildServer } from '../support/server.ts';

let dataDir: string;
const children: ChildServer[] = [];

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'rounds-durability-'));
});
afterAll(() => {
  for (const c of children)
    if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(dir: string): Promise<ChildServer> {
  const child = await startChildServer(dir);
  children.push(child);
  return child;
}

/** Every paragraph text `client` has ever seen, including ones deleted later. */
function recordParagraphs(client: CollabClient): Set<string> {
  const seen = new Set<string>();
  const record = (): void => paragraphTexts(client.doc).forEach((t) => seen.add(t));
  client.doc.on('update', record);
  return seen;
}

/** Appends a numbered paragraph every `everyMs` until stopped; returns what it wrote. */
function startWriting(
  client: CollabClient,
  prefix: string,
  everyMs: number,
): { written: string[]; stop(): void } {
  const written: string[] = [];
  const timer = setInterval(() => {
    // Several per tick: the server stores and relays them in batches, as under load.
    for (let i = 0; i < 3; i++) {
      const text = `${prefix}-${written.length}`;
      appendParagraph(client.doc, text, text);
      written.push(text);
    }
  }, everyMs);
  return { written, stop: () => clearInterval(timer) };
}

/** A fresh client's view of the page on `server`. */
async function freshTexts(
  server: ChildServer,
  cookie: string | undefined,
  pageId: string,
): Promise<string[]> {
  const client = connectCollab(server.wsUrl, pageId, cookie);
  try {
    await waitSynced(client);
    return paragraphTexts(client.doc);
  } finally {
    client.destroy();
  }
}

describe('collaboration durability across crashes', () => {
  it('kill -9 mid-stream loses nothing any client received, over several rounds', async () => {
    let server = await start(dataDir);
    let admin: ApiClient = await asAdmin(server.url);
    const pageId = await createPage(admin);
    const observerUser = await createUser(admin, 'faculty');
    const everReceived = new Set<string>();

    for (let round = 0; round < 3; round++) {
      const writer = connectCollab(server.wsUrl, pageId, admin.cookie);
      const observer = connectCollab(server.wsUrl, pageId, observerUser.client.cookie);
      await Promise.all([waitSynced(writer), waitSynced(observer)]);
      const seen = recordParagraphs(observer);
      const stream = startWriting(writer, `r${round}`, 2);
      // Kill while the stream is flowing: the observer has received some of this round, not all.
      await waitFor(
        () => [...seen].filter((t) => t.startsWith(`r${round}-`)).length >= 60,
        20_000,
        'observer to receive',
      );
      const exited = server.exited;
      const observerClosed = nextClose(observer);
      server.process.kill('SIGKILL');
      await exited;
      stream.stop();
      // Frames already on their way to the observer count as received: read up to the close.
      await observerClosed;
      writer.destroy();
      observer.destroy();
      seen.forEach((t) => everReceived.add(t));
      expect(stream.written.length).toBeGreaterThan(
        [...seen].filter((t) => t.startsWith(`r${round}-`)).length,
      );

      server = await start(dataDir);
      admin = await asAdmin(server.url);
      const after = new Set(await freshTexts(server, admin.cookie, pageId));
      const lost = [...everReceived].filter((t) => !after.has(t));
      expect(lost, `round ${round}: received by a client but lost in the crash`).toEqual([]);
    }
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('SIGTERM exits with code 0, tells clients to come back (1001), and keeps every edit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-sigterm-'));
    try {
      let server = await start(dir);
      let admin = await asAdmin(server.url);
      const pageId = await createPage(admin);
      const student = await createUser(admin, 'student');

      const writer = connectCollab(server.wsUrl, pageId, student.client.cookie);
      const observer = connectCollab(server.wsUrl, pageId, admin.cookie);
      await Promise.all([waitSynced(writer), waitSynced(observer)]);
      const seen = recordParagraphs(observer);
      const observerClose = nextClose(observer);
      const stream = startWriting(writer, 'term', 2);
      await waitFor(() => seen.size >= 60, 20_000, 'observer to receive');

      const stoppedAt = Date.now();
      server.process.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
      stream.stop();
      expect(await observerClose).toBe(1001);
      observer.destroy();
      // The writer's editor keeps its document (and every edit in it) while the server is down.
      writer.provider.destroy();

      server = await start(dir);
      admin = await asAdmin(server.url);
      // Nothing the observer received is lost...
      const afterRestart = new Set(await freshTexts(server, admin.cookie, pageId));
      expect([...seen].filter((t) => !afterRestart.has(t))).toEqual([]);

      // ...and once the writer's editor reconnects, every edit it made reaches the server.
      const watcher = connectCollab(server.wsUrl, pageId, admin.cookie);
      const resumed = connectCollabWith(server.wsUrl, pageId, student.client.cookie, { doc: writer.doc });
      try {
        await Promise.all([waitSynced(watcher), waitSynced(resumed)]);
        const missing = (): string[] => {
          const has = new Set(paragraphTexts(watcher.doc));
          return stream.written.filter((t) => !has.has(t));
        };
        await waitFor(() => missing().length === 0, 10_000, 'the resumed writer to resync').catch(
          () => undefined,
        );
        expect(missing()).toEqual([]);
      } finally {
        watcher.destroy();
        resumed.destroy();
      }

      server.process.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SIGTERM does not wait for a client that never answers the closing handshake', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-sigterm-stuck-'));
    try {
      const server = await start(dir);
      const admin = await asAdmin(server.url);
      const pageId = await createPage(admin);
      const stuck = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, {
        cookie: admin.cookie ?? '',
      });
      // Stop reading: the server's close frame is never answered.
      stuck.stopReading();
      const stoppedAt = Date.now();
      server.process.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      // ws alone would wait 30 s for the close; orchestrators SIGKILL after ~10 s.
      expect(Date.now() - stoppedAt).toBeLessThan(5_000);
      stuck.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
