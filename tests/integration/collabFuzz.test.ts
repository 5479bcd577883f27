import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { asAdmin, type ApiClient, createPage, createUser } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  encodeFrame,
  messages,
  mulberry32,
  Opcode,
  paragraphTexts,
  RawWebSocket,
  testSeed,
  waitFor,
  waitSynced,
  withTimeout,
  type CollabClient,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { fixedBatchCount, runCollabFuzz } from '../fuzz/collabFuzz.ts';
import { FuzzServer } from '../fuzz/fuzzServer.ts';
import { fuzzSeed } from '../fuzz/rng.ts';

const MAX_MESSAGE_BYTES = 65_536;

let server: TestServer;
let admin: ApiClient;
let fuzzer: ApiClient;
let pageId: string;
let a: CollabClient;
let b: CollabClient;
let roundTrips = 0;

beforeAll(async () => {
  server = await startServer({ COLLAB_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) });
  admin = await asAdmin(server.url);
  pageId = await createPage(admin);
  const [alice, bob, mallory] = await Promise.all([
    createUser(admin, 'student'),
    createUser(admin, 'faculty'),
    createUser(admin, 'student'),
  ]);
  fuzzer = mallory.client;
  a = connectCollab(server.wsUrl, pageId, alice.client.cookie);
  b = connectCollab(server.wsUrl, pageId, bob.client.cookie);
  await Promise.all([waitSynced(a), waitSynced(b)]);
});
afterAll(async () => {
  a.destroy();
  b.destroy();
  await server.stop();
});

/** The two well-behaved clients still exchange edits both ways, and the server answers HTTP. */
async function assertHealthy(what: string): Promise<void> {
  const n = roundTrips++;
  appendParagraph(a.doc, `from-a-${n}`);
  await waitFor(
    () => paragraphTexts(b.doc).includes(`from-a-${n}`),
    5_000,
    `b to receive a's edit after ${what}`,
  );
  appendParagraph(b.doc, `from-b-${n}`);
  await waitFor(
    () => paragraphTexts(a.doc).includes(`from-b-${n}`),
    5_000,
    `a to receive b's edit after ${what}`,
  );
  expect(a.provider.wsconnected && b.provider.wsconnected, what).toBe(true);
  const health = await fetch(`${server.url}/api/health`);
  expect(health.status, what).toBe(200);
}

function open(): Promise<RawWebSocket> {
  return RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, { cookie: fuzzer.cookie ?? '' });
}

/** A frame no decoder accepts (message type 99): closes the socket with 4400 if it is still being read. */
const PROBE = Uint8Array.of(99);

/**
 * Sends `bytes` (already framed), then a probe, and returns the close code. The probe makes every
 * case end in a close, so a server that silently stopped reading the socket fails by timeout.
 */
async function closeCodeAfter(bytes: Uint8Array): Promise<number> {
  const ws = await open();
  try {
    ws.write(bytes);
    ws.send(PROBE);
    return await withTimeout(ws.closed, 5_000, 'the server to close the socket');
  } finally {
    ws.destroy();
  }
}

const binary = (payload: Uint8Array): Buffer => encodeFrame(Opcode.Binary, payload);

/** Real messages of a real session, to cut short. */
function realMessages(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  appendParagraph(doc, 'Start empirical antibiotics within one hour of recognising sepsis.', 'p1');
  doc.getXmlFragment('default').delete(0, 1);
  appendParagraph(doc, 'Blood cultures first.', 'p2');
  const awareness = new Awareness(doc);
  awareness.setLocalState({ user: { name: 'Alice' }, cursor: { anchor: 1, head: 5 } });
  const out = [
    messages.syncStep1(Y.encodeStateVector(doc)),
    messages.syncStep2(Y.encodeStateAsUpdate(doc)),
    ...updates.map((u) => messages.update(u)),
    messages.awareness(encodeAwarenessUpdate(awareness, [doc.clientID])),
  ];
  awareness.destroy();
  doc.destroy();
  return out;
}

describe('collaboration protocol fuzzing', () => {
  it('seeded malformed frames close only the offending socket (44xx / 1002 / 1009) while others keep editing', async () => {
    const seed = process.env.COLLAB_FUZZ_SEED ? testSeed('COLLAB_FUZZ_SEED') : fuzzSeed();
    console.info(`collabFuzz seed: ${seed}`);
    const rng = mulberry32(seed);
    const int = (n: number): number => Math.floor(rng() * n);
    const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(256));
    const real = realMessages();
    const pickReal = (): Uint8Array => real[int(real.length)] as Uint8Array;

    type Case = { name: string; frame: () => Uint8Array; codes: number[] };
    const cases: Case[] = [
      // A first byte 4..127 is a complete varint naming no message type.
      {
        name: 'unknown message type',
        frame: () => binary(Uint8Array.of(4 + int(124), ...bytes(int(64)))),
        codes: [4400],
      },
      {
        name: 'unknown sync message',
        frame: () => binary(Uint8Array.of(0, 3 + int(125), ...bytes(int(64)))),
        codes: [4400],
      },
      { name: 'empty binary frame', frame: () => binary(new Uint8Array(0)), codes: [4400] },
      { name: 'random bytes', frame: () => binary(bytes(1 + int(300))), codes: [4400] },
      {
        name: 'text frame',
        frame: () => encodeFrame(Opcode.Text, new TextEncoder().encode(`{"type":"sync","n":${int(1000)}}`)),
        codes: [4400],
      },
      {
        name: 'truncated real message followed by another frame in the same write',
        frame: () => {
          const m = pickReal();
          return Buffer.concat([
            binary(m.subarray(0, 1 + int(m.length - 1))),
            binary(messages.queryAwareness()),
          ]);
        },
        codes: [4400],
      },
      {
        name: 'huge varint length',
        frame: () =>
          binary(
            [
              Uint8Array.of(0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3),
              Uint8Array.of(0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
              Uint8Array.of(1, 0xfe, 0xff, 0xff, 0xff, 0x07, 1),
              Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
            ][int(4)] as Uint8Array,
          ),
        codes: [4400],
      },
      {
        name: 'awareness with garbage entries',
        frame: () => binary(messages.awareness(bytes(1 + int(100)))),
        codes: [4400],
      },
      {
        name: 'awareness whose state is not JSON',
        frame: () => binary(messages.awareness(Uint8Array.of(1, 7, 1, 3, 0x7b, 0x7b, 0x7b))),
        codes: [4400],
      },
      // Random payloads wrapped as sync step 2 or update: applied with Y.applyUpdate, never merged.
      {
        name: 'random sync update payload',
        frame: () => binary((rng() < 0.5 ? messages.update : messages.syncStep2)(bytes(1 + int(200)))),
        codes: [4400],
      },
      {
        name: 'random state vector',
        frame: () => binary(messages.syncStep1(bytes(1 + int(40)))),
        codes: [4400],
      },
      {
        name: 'RSV bits set',
        frame: () => encodeFrame(Opcode.Binary, pickReal(), { rsv: 1 + int(7) }),
        codes: [1002],
      },
      {
        name: 'unmasked client frame',
        frame: () => encodeFrame(Opcode.Binary, pickReal(), { mask: false }),
        codes: [1002],
      },
      {
        name: 'reserved opcode',
        frame: () => encodeFrame([3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf][int(10)] ?? 3, bytes(8)),
        codes: [1002],
      },
      {
        name: 'continuation without a first fragment',
        frame: () => encodeFrame(Opcode.Continuation, pickReal()),
        codes: [1002],
      },
      { name: 'oversize ping', frame: () => encodeFrame(Opcode.Ping, bytes(126)), codes: [1002] },
      {
        name: 'frame over COLLAB_MAX_MESSAGE_BYTES',
        frame: () => binary(bytes(MAX_MESSAGE_BYTES + 1 + int(10_000))),
        codes: [1009],
      },
      {
        name: 'fragments adding up to more than COLLAB_MAX_MESSAGE_BYTES',
        frame: () =>
          Buffer.concat([
            encodeFrame(Opcode.Binary, bytes(MAX_MESSAGE_BYTES / 2 + 10), { fin: false }),
            encodeFrame(Opcode.Continuation, bytes(MAX_MESSAGE_BYTES / 2 + 10)),
          ]),
        codes: [1009],
      },
    ];

    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      for (const c of cases) {
        const frame = c.frame();
        const code = await closeCodeAfter(frame);
        expect(
          c.codes,
          `${c.name} (seed ${seed}, ${Buffer.from(frame.subarray(0, 64)).toString('hex')})`,
        ).toContain(code);
      }
      await assertHealthy(`round ${round}`);
    }

    // Many fuzzers at once, on the same page as the editors.
    const codes = await Promise.all(cases.map((c) => closeCodeAfter(c.frame())));
    codes.forEach((code, i) =>
      expect(cases[i]?.codes, `${cases[i]?.name} in parallel (seed ${seed})`).toContain(code),
    );
    await assertHealthy('parallel fuzzers');

    // Whatever the fuzzers got applied, a newcomer converges with the editors and the draft renders.
    const fresh = connectCollab(server.wsUrl, pageId, admin.cookie);
    try {
      await waitSynced(fresh);
      await waitFor(
        () =>
          JSON.stringify(fresh.doc.getXmlFragment('default').toJSON()) ===
          JSON.stringify(a.doc.getXmlFragment('default').toJSON()),
      );
      expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(a.doc));
    } finally {
      fresh.destroy();
    }
    const draft = await admin.get(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(draft.status).toBe(200);
  });

  it('an update declaring tens of millions of structs in a few bytes is refused without stalling the server', async () => {
    // 1 client, 33,000,000 structs (just under V8's fast-array limit), then an invalid struct:
    // Y.applyUpdate would allocate an array for all of them before noticing (~260 MB, ~0.2 s).
    const bomb = binary(messages.update(Uint8Array.of(1, 0xc0, 0x8b, 0xde, 0x0f, 0x2a, 0x00, 0x1f, 0x00)));
    // The same update declaring 1 struct: refused just the same, with nothing to allocate.
    const control = binary(messages.update(Uint8Array.of(1, 0x01, 0x2a, 0x00, 0x1f, 0x00)));
    const timeTwelve = async (frame: Uint8Array): Promise<number> => {
      const started = performance.now();
      for (let i = 0; i < 12; i++) expect(await closeCodeAfter(frame)).toBe(4400);
      return performance.now() - started;
    };
    const controlMs = await timeTwelve(control);
    const bombMs = await timeTwelve(bomb);
    // Compared with the control rather than a fixed time, so a busy machine does not fail it.
    expect(bombMs).toBeLessThan(2 * controlMs + 500);
    await assertHealthy('struct-count bombs');
  });
});

// A short seeded run of tests/fuzz (long runs: `npm run fuzz -- --only collab --minutes N`), on the
// real server in its own process so that a hang or crash is a failure, not a stuck test run.
// FUZZ_SEED replays a run; the seed is printed and is part of every failure message.
describe('collaboration fuzzing: hostile batches against honest editors', () => {
  let fuzzServer: FuzzServer | undefined;
  afterAll(async () => {
    await fuzzServer?.stop();
  });

  it('after each batch of mutated updates, crafted inputs (yjs #687), deep nesting and hostile awareness, a fresh honest client syncs all earlier honest text, the draft reads, and both survive unload, reload and a restart on the same DATA_DIR', async () => {
    const seed = fuzzSeed();
    console.info(`collab fuzz seed: ${seed} (replay: FUZZ_SEED=${seed})`);
    fuzzServer = await FuzzServer.start();
    const report = await runCollabFuzz(fuzzServer, {
      seed,
      // The batches of fixed inputs (yjs #687, schema violations, length edges, nesting), then random ones.
      batches: fixedBatchCount() + 2,
      casesPerBatch: 20,
      restartEvery: 0,
      // No shrinking here, to stay short: the failure names the batch, and
      // `npm run fuzz -- --only collab --seed <seed> --batch <b>` shrinks it.
      minimizeMs: 0,
    });
    expect(report.findings.length, report.format(`collab fuzz (FUZZ_SEED=${seed})`)).toBe(0);
  }, 180_000);
});
