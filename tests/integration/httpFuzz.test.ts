import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FuzzServer } from '../fuzz/fuzzServer.ts';
import { runHttpFuzz, type HttpFuzzOptions } from '../fuzz/httpFuzz.ts';
import { fuzzSeed } from '../fuzz/rng.ts';

// A short seeded run of tests/fuzz (long runs: `npm run fuzz -- --only http --minutes N`).
// FUZZ_SEED replays a run; the seed is printed and is part of every failure message.
const seed = fuzzSeed();
const short: Omit<HttpFuzzOptions, 'requestsPerRoute' | 'fixedImports'> = {
  seed,
  batches: 1,
  randomImports: 0,
  deadlineMs: 5_000,
  // A stalled server is replaced right away, so one stall does not cost the rest of the run.
  stallWaitMs: 1_000,
};

let server: FuzzServer;
beforeAll(async () => {
  server = await FuzzServer.start();
});
afterAll(async () => {
  await server?.stop();
});

describe('HTTP API fuzzing', () => {
  it('every route answers random JSON shapes and sizes, as admin, student, learner and anonymous, with no 5xx, 4xx as {error, message} without internals, within 5 s, and /api/health stays under 500 ms', async () => {
    console.info(`httpFuzz seed: ${seed} (replay: FUZZ_SEED=${seed})`);
    const report = await runHttpFuzz(server, { ...short, requestsPerRoute: 2, fixedImports: 'none' });
    expect(report.findings.length, report.format(`http fuzz (FUZZ_SEED=${seed})`)).toBe(0);
  }, 180_000);

  it('hostile BibTeX, RIS and MEDLINE imports (100k-character runs) are answered within 5 s with 201 or a 4xx', async () => {
    const report = await runHttpFuzz(server, { ...short, requestsPerRoute: 0, fixedImports: 'short' });
    expect(report.findings.length, report.format(`hostile imports (FUZZ_SEED=${seed})`)).toBe(0);
  }, 180_000);
});
