import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, type ApiClient, createPage, createUser } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  mulberry32,
  paragraphTexts,
  testSeed,
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

const WORDS = [
  'oxygen',
  'sepsis',
  'lactate',
  'fluids',
  'MAP ',
  'β-lactam',
  ' ',
  'x',
  'CURB-65',
  'ß',
  '🫁',
  '\n',
];

/**
 * One randomized editing session. Every choice comes from the seeded PRNG, so a seed replays the
 * same script; how the network interleaves it still varies from run to run.
 */
async function runSession(
  seed: number,
  clients: CollabClient[],
  steps: number,
): Promise<{ disconnects: number; offlineEdits: number }> {
  const stats = { disconnects: 0, offlineEdits: 0 };
  const rng = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const int = (n: number): number => Math.floor(rng() * n);
  let nextId = 0;

  const edit = (frag: Y.XmlFragment, roll: number): void => {
    if (roll < 0.3 || frag.length === 0) {
      // A paragraph at a random position, not only at the end: concurrent inserts interleave.
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('id', `s${seed}-${nextId++}`);
      p.insert(0, [new Y.XmlText(pick(WORDS))]);
      frag.insert(int(frag.length + 1), [p]);
      return;
    }
    if (roll < 0.36 && frag.length > 3) {
      frag.delete(int(frag.length), 1);
      return;
    }
    const p = frag.get(int(frag.length));
    const text = p instanceof Y.XmlElement ? p.get(0) : null;
    if (!(text instanceof Y.XmlText)) return;
    if (rng() < 0.7 || text.length === 0) {
      text.insert(int(text.length + 1), pick(WORDS));
    } else {
      const at = int(text.length);
      text.delete(at, 1 + int(Math.min(4, text.length - at)));
    }
  };

  for (let step = 0; step < steps; step++) {
    const client = pick(clients);
    const roll = rng();
    const offline = clients.filter((c) => !c.provider.shouldConnect).length;
    if (roll < 0.05 && client.provider.shouldConnect && offline < clients.length - 1) {
      client.provider.disconnect();
      stats.disconnects++;
    } else if (roll < 0.12 && !client.provider.shouldConnect) {
      client.provider.connect();
    } else {
      if (!client.provider.shouldConnect) stats.offlineEdits++;
      edit(client.doc.getXmlFragment('default'), roll);
    }
    // Let the network run between some operations so that edits interleave with relays.
    if (rng() < 0.3) await new Promise((r) => setTimeout(r, int(4)));
  }
  return stats;
}

const stateVector = (c: CollabClient): string => Buffer.from(Y.encodeStateVector(c.doc)).toString('hex');
const fragmentJson = (c: CollabClient): string => JSON.stringify(c.doc.getXmlFragment('default').toJSON());

describe('collaboration convergence', () => {
  it('random concurrent edits by students and faculty, with disconnects and offline edits, converge everywhere', async () => {
    const seed = testSeed('COLLAB_SEED');
    // Printed so a failure can be replayed with COLLAB_SEED=<seed>.
    console.info(`collabConvergence seed: ${seed}`);
    const pageId = await createPage(admin);
    const people = await Promise.all([
      createUser(admin, 'student'),
      createUser(admin, 'student'),
      createUser(admin, 'faculty'),
      createUser(admin, 'faculty'),
      createUser(admin, 'student'),
    ]);
    const clients = people.map((p) => connectCollab(server.wsUrl, pageId, p.client.cookie));
    try {
      await Promise.all(clients.map((c) => waitSynced(c)));
      const first = clients[0];
      if (!first) throw new Error('no clients');
      appendParagraph(first.doc, 'Sepsis bundle', 'start');
      await waitFor(
        () => clients.every((c) => c.doc.getXmlFragment('default').length === 1),
        10_000,
        'first paragraph',
      );

      const stats = await runSession(seed, clients, 600);
      expect(stats.disconnects, `seed ${seed}`).toBeGreaterThan(0);
      expect(stats.offlineEdits, `seed ${seed}`).toBeGreaterThan(0);

      // Everyone back online; all must reach one state, byte-identical in content.
      for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
      await Promise.all(clients.map((c) => waitSynced(c)));
      const converged = (): boolean =>
        clients.every(
          (c) => stateVector(c) === stateVector(first) && fragmentJson(c) === fragmentJson(first),
        );
      await waitFor(converged, 10_000, `convergence (seed ${seed})`);

      const fresh = connectCollab(server.wsUrl, pageId, admin.cookie);
      try {
        await waitSynced(fresh);
        await waitFor(() => stateVector(fresh) === stateVector(first), 10_000, `fresh client (seed ${seed})`);
        expect(fragmentJson(fresh), `seed ${seed}`).toBe(fragmentJson(first));
        for (const c of clients)
          expect(paragraphTexts(c.doc), `seed ${seed}`).toEqual(paragraphTexts(fresh.doc));
        expect(paragraphTexts(fresh.doc).length).toBeGreaterThan(3);

        const res = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
        expect(res.status).toBe(200);
        expect(res.body, `seed ${seed}`).toBe(paragraphTexts(fresh.doc).join('\n\n'));
      } finally {
        fresh.destroy();
      }
    } finally {
      clients.forEach((c) => c.destroy());
    }
  });
});
