import { presenceColor } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  awarenessEntry,
  connectCollab,
  messages,
  RawWebSocket,
  waitFor,
  waitSynced,
  type CollabClient,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

type State =
  { user?: { id?: string; name?: string; color?: string }; cursor?: unknown; marker?: string } | undefined;
const stateOf = (viewer: CollabClient, clientId: number): State => {
  const states: Map<number, State> = viewer.provider.awareness.getStates();
  return states.get(clientId);
};

describe('presence (awareness) is bound to the signed-in user', () => {
  it("others see a client's account name and colour, not the user it claims", async () => {
    const pageId = await createPage(admin);
    const alice = await createUser(admin, 'student', 'Alice Ng');
    const bob = await createUser(admin, 'faculty', 'Bob Okafor');
    const a = connectCollab(server.wsUrl, pageId, alice.client.cookie);
    const b = connectCollab(server.wsUrl, pageId, bob.client.cookie);
    try {
      await Promise.all([waitSynced(a), waitSynced(b)]);
      a.provider.awareness.setLocalState({
        user: { id: bob.id, name: 'Dr Fake', color: '#000000' },
        cursor: { anchor: 3, head: 7 },
      });
      await waitFor(() => stateOf(b, a.doc.clientID)?.cursor !== undefined, 5_000, "alice's presence");
      expect(stateOf(b, a.doc.clientID)).toEqual({
        user: { id: alice.id, name: 'Alice Ng', color: presenceColor(alice.id) },
        cursor: { anchor: 3, head: 7 },
      });
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it("a connection cannot change or remove another client's presence", async () => {
    const pageId = await createPage(admin);
    const alice = await createUser(admin, 'student', 'Alice Ng');
    const bob = await createUser(admin, 'faculty', 'Bob Okafor');
    const mallory = await createUser(admin, 'student', 'Mallory');
    const a = connectCollab(server.wsUrl, pageId, alice.client.cookie);
    const b = connectCollab(server.wsUrl, pageId, bob.client.cookie);
    const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, {
      cookie: mallory.client.cookie ?? '',
    });
    try {
      await Promise.all([waitSynced(a), waitSynced(b)]);
      b.provider.awareness.setLocalState({ cursor: 'bob-original' });
      await waitFor(() => stateOf(a, b.doc.clientID)?.cursor === 'bob-original', 5_000, "bob's presence");
      const bobBefore = stateOf(a, b.doc.clientID);
      const bobClock = b.provider.awareness.meta.get(b.doc.clientID)?.clock ?? 0;

      // Everything Alice ever sees of Bob, and Bob of Alice, from here on.
      const bobAsSeenByAlice: State[] = [];
      const aliceAsSeenByBob: State[] = [];
      a.provider.awareness.on('change', () => bobAsSeenByAlice.push(stateOf(a, b.doc.clientID)));
      b.provider.awareness.on('change', () => aliceAsSeenByBob.push(stateOf(b, a.doc.clientID)));
      // Each attempt is followed by a marker of Mallory's own; once it arrives, the server has
      // handled (and relayed, had it accepted) the attempt.
      let step = 0;
      const attempt = async (entry: Uint8Array, viewer: CollabClient): Promise<void> => {
        const marker = `mallory-${step++}`;
        raw.send(messages.awareness(entry));
        raw.send(messages.awareness(awarenessEntry(424242, step, { marker })));
        await waitFor(() => stateOf(viewer, 424242)?.marker === marker, 5_000, marker);
      };
      // Overwrite Bob's state with a newer clock, then remove it, then speak for Alice.
      const hijack = { cursor: 'hijacked', user: { name: 'Bob Okafor' } };
      await attempt(awarenessEntry(b.doc.clientID, bobClock + 10, hijack), a);
      await attempt(awarenessEntry(b.doc.clientID, bobClock + 20, null), a);
      await attempt(awarenessEntry(a.doc.clientID, 1_000, { cursor: 'hijacked' }), b);

      expect(bobAsSeenByAlice.length).toBeGreaterThan(0);
      for (const seen of bobAsSeenByAlice) expect(seen).toEqual(bobBefore);
      for (const seen of aliceAsSeenByBob) expect(seen?.cursor).not.toBe('hijacked');
      expect(stateOf(a, 424242)?.user).toEqual({
        id: mallory.id,
        name: 'Mallory',
        color: presenceColor(mallory.id),
      });
      expect(raw.messages.length).toBeGreaterThan(0);
    } finally {
      raw.destroy();
      a.destroy();
      b.destroy();
    }
  });

  it('presence disappears when a client leaves and reappears promptly when it reconnects', async () => {
    const pageId = await createPage(admin);
    const alice = await createUser(admin, 'student', 'Alice Ng');
    const bob = await createUser(admin, 'faculty', 'Bob Okafor');
    const a = connectCollab(server.wsUrl, pageId, alice.client.cookie);
    const b = connectCollab(server.wsUrl, pageId, bob.client.cookie);
    try {
      await Promise.all([waitSynced(a), waitSynced(b)]);
      a.provider.awareness.setLocalState({ cursor: 'alice-here' });
      await waitFor(() => stateOf(b, a.doc.clientID)?.cursor === 'alice-here', 5_000, "alice's presence");

      for (let i = 0; i < 3; i++) {
        a.provider.disconnect();
        await waitFor(() => stateOf(b, a.doc.clientID) === undefined, 5_000, "alice's presence to go");
        a.provider.connect();
        // Well before y-protocols' 15 s renewal would bring it back by itself.
        await waitFor(
          () => stateOf(b, a.doc.clientID)?.cursor === 'alice-here',
          3_000,
          `alice's presence to return (${i})`,
        );
      }
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it('the id of a client that left cannot be taken over by another connection', async () => {
    const pageId = await createPage(admin);
    const alice = await createUser(admin, 'student', 'Alice Ng');
    const bob = await createUser(admin, 'faculty', 'Bob Okafor');
    const mallory = await createUser(admin, 'student', 'Mallory');
    const a = connectCollab(server.wsUrl, pageId, alice.client.cookie);
    const b = connectCollab(server.wsUrl, pageId, bob.client.cookie);
    const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, {
      cookie: mallory.client.cookie ?? '',
    });
    try {
      await Promise.all([waitSynced(a), waitSynced(b)]);
      raw.send(messages.awareness(awarenessEntry(424242, 1, { marker: 'mallory' })));
      a.provider.awareness.setLocalState({ cursor: 'alice-here' });
      await waitFor(() => stateOf(b, a.doc.clientID)?.cursor === 'alice-here', 5_000, "alice's presence");
      const aliceClock = a.provider.awareness.meta.get(a.doc.clientID)?.clock ?? 0;
      a.provider.disconnect();
      await waitFor(() => stateOf(b, a.doc.clientID) === undefined, 5_000, "alice's presence to go");

      const aliceAsSeenByBob: State[] = [];
      b.provider.awareness.on('change', () => aliceAsSeenByBob.push(stateOf(b, a.doc.clientID)));
      // Alice's id is free now: Mallory tries to take it (as a stale echo of Alice's state would).
      raw.send(messages.awareness(awarenessEntry(a.doc.clientID, aliceClock + 5, { cursor: 'ghost' })));
      raw.send(messages.awareness(awarenessEntry(424242, 2, { marker: 'mallory-done' })));
      await waitFor(() => stateOf(b, 424242)?.marker === 'mallory-done', 5_000, "mallory's marker");

      a.provider.connect();
      await waitFor(() => stateOf(b, a.doc.clientID)?.cursor === 'alice-here', 3_000, "alice's return");
      expect(stateOf(b, a.doc.clientID)?.user?.id).toBe(alice.id);
      for (const seen of aliceAsSeenByBob) expect(seen?.cursor).not.toBe('ghost');
    } finally {
      raw.destroy();
      a.destroy();
      b.destroy();
    }
  });
});
