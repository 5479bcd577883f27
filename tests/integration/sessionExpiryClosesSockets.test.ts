import { CollabCloseCode } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPresence, paragraphUpdate, storedParagraphs } from '../support/accessChange.ts';
import { ApiClient, asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  messages,
  nextClose,
  paragraphTexts,
  RawWebSocket,
  waitFor,
  waitSynced,
  withTimeout,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('absolute session timeout closes sockets within a second (4401)', () => {
  const ABSOLUTE_MS = 4_000;
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ SESSION_ABSOLUTE_HOURS: String(ABSOLUTE_MS / 3_600_000) });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('closes an active socket at the absolute timeout; nothing sent after it is relayed or stored', async () => {
    const admin = await asAdmin(server.url);
    const beforeSignIn = Date.now();
    const victim = await createUser(admin, 'student', 'Victim');
    // The victim's session was created between these two.
    const earliest = beforeSignIn + ABSOLUTE_MS;
    const deadline = Date.now() + ABSOLUTE_MS;
    // The observer signs in later, so it outlives the victim's session.
    await sleep(1_500);
    const observerAdmin = await asAdmin(server.url);
    const pageId = await createPage(observerAdmin);
    const tab = connectCollab(server.wsUrl, pageId, victim.client.cookie);
    const observer = connectCollab(server.wsUrl, pageId, observerAdmin.cookie);
    const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, {
      cookie: victim.client.cookie ?? '',
    });
    const sent: { text: string; at: number }[] = [];
    let ticker: NodeJS.Timeout | undefined;
    try {
      await Promise.all([waitSynced(tab), waitSynced(observer)]);
      tab.provider.awareness.setLocalState({ cursor: 'here' });
      await waitFor(() => hasPresence(observer, tab.doc.clientID), 5_000, "victim's presence");
      const tabClosed = nextClose(tab);
      // The victim keeps typing through the deadline (activity does not extend an absolute timeout).
      ticker = setInterval(() => {
        const text = `tick ${sent.length}`;
        sent.push({ text, at: Date.now() });
        raw.send(messages.update(paragraphUpdate(text)));
      }, 40);
      const code = await withTimeout(tabClosed, deadline - Date.now() + 1_000, 'the tab to close');
      const closedAt = Date.now();
      expect(code).toBe(CollabCloseCode.Unauthenticated);
      expect(closedAt).toBeGreaterThanOrEqual(earliest);
      expect(closedAt).toBeLessThan(deadline + 1_000);
      expect(await withTimeout(raw.closed, 1_000, 'the raw socket to close')).toBe(
        CollabCloseCode.Unauthenticated,
      );
      await waitFor(() => !hasPresence(observer, tab.doc.clientID), 1_000, 'presence gone');
      await sleep(200);
      clearInterval(ticker);
      await sleep(300);
      const late = sent.filter((s) => s.at > deadline).map((s) => s.text);
      const early = sent.filter((s) => s.at < deadline - 2_000).map((s) => s.text);
      expect(late.length).toBeGreaterThan(0);
      expect(early.length).toBeGreaterThan(0);
      const seen = paragraphTexts(observer.doc);
      expect(seen).toEqual(expect.arrayContaining(early));
      expect(seen.filter((p) => late.includes(p))).toEqual([]);
      const stored = (await storedParagraphs(await asAdmin(server.url), pageId)).split('\n');
      expect(stored).toEqual(expect.arrayContaining(early));
      expect(stored.filter((p) => late.includes(p))).toEqual([]);
      expect((await victim.client.get('/api/me')).status).toBe(401);
    } finally {
      clearInterval(ticker);
      tab.destroy();
      observer.destroy();
      raw.destroy();
    }
  });
});

describe('idle session timeout closes sockets within a second (4401); edits keep a session alive', () => {
  const IDLE_MS = 2_000;
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ SESSION_IDLE_MINUTES: String(IDLE_MS / 60_000) });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('closes the socket of a session left idle, while a colleague who keeps typing stays connected', async () => {
    const admin = await asAdmin(server.url);
    const pageId = await createPage(admin);
    const victim = await createUser(admin, 'student', 'Idle Victim');
    const typist = await createUser(admin, 'faculty', 'Typist');
    const connectStarted = Date.now();
    const typing = connectCollab(server.wsUrl, pageId, typist.client.cookie);
    const tab = connectCollab(server.wsUrl, pageId, victim.client.cookie);
    const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, {
      cookie: victim.client.cookie ?? '',
    });
    let ticker: NodeJS.Timeout | undefined;
    try {
      await Promise.all([waitSynced(typing), waitSynced(tab)]);
      let n = 0;
      ticker = setInterval(() => appendParagraph(typing.doc, `typed ${n++}`), 250);
      tab.provider.awareness.setLocalState({ cursor: 'idle' });
      await waitFor(() => hasPresence(typing, tab.doc.clientID), 5_000, "victim's presence");
      // The victim's last activity: the sync exchange just now (the awareness renewal is not activity).
      const lastActive = Date.now();
      const code = await withTimeout(nextClose(tab), IDLE_MS + 2_000, 'the idle tab to close');
      const closedAt = Date.now();
      expect(code).toBe(CollabCloseCode.Unauthenticated);
      expect(closedAt - connectStarted).toBeGreaterThanOrEqual(IDLE_MS);
      expect(closedAt - lastActive).toBeLessThan(IDLE_MS + 1_000);
      expect(await withTimeout(raw.closed, 1_000, 'the raw socket to close')).toBe(
        CollabCloseCode.Unauthenticated,
      );
      await waitFor(() => !hasPresence(typing, tab.doc.clientID), 1_000, 'presence gone');
      raw.send(messages.update(paragraphUpdate('AFTER idle'))); // on a closing socket: dropped
      expect((await victim.client.get('/api/me')).status).toBe(401);

      // The typist's edits kept their session alive for well past the idle timeout, over HTTP too.
      await sleep(IDLE_MS * 1.5);
      expect(typing.provider.wsconnected).toBe(true);
      expect((await typist.client.get('/api/me')).status).toBe(200);
      const fresh = await new ApiClient(server.url).login(typist.email, TEST_PASSWORD);
      const stored = await storedParagraphs(fresh, pageId);
      expect(stored).toContain('typed 1');
      expect(stored).not.toContain('AFTER');
    } finally {
      clearInterval(ticker);
      typing.destroy();
      tab.destroy();
      raw.destroy();
    }
  });
});
