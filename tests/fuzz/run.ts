/**
 * Long fuzz runs: `npm run fuzz -- --minutes 30 [--seed N] [--only collab|http] [--batch B]`.
 * Runs batches until the time is up, prints what ran (counts per mutation kind, per route) and
 * every failure with its seed and a minimal reproduction, and exits 1 if anything failed.
 */
import { parseArgs } from 'node:util';
import { runCollabFuzz } from './collabFuzz.ts';
import { FuzzServer } from './fuzzServer.ts';
import { runHttpFuzz } from './httpFuzz.ts';
import { FuzzReport, mergeInto } from './report.ts';
import { fuzzSeed } from './rng.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    seed: { type: 'string' },
    only: { type: 'string' },
    batch: { type: 'string' },
    'cases-per-batch': { type: 'string', default: '40' },
  },
});

const minutes = Number(values.minutes);
const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : fuzzSeed();
const only = values.only;
if (!(minutes > 0) || (only !== undefined && only !== 'collab' && only !== 'http')) {
  console.error('usage: npm run fuzz -- --minutes N [--seed N] [--only collab|http] [--batch B]');
  process.exit(2);
}
const onlyBatch = values.batch !== undefined ? Number(values.batch) : undefined;
const suites = only ? [only] : ['collab', 'http'];
const started = Date.now();
const log = (line: string): void =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`);

log(`fuzzing ${suites.join(' and ')} for ${minutes} min with seed ${seed} (replay with --seed ${seed})`);
const total = new FuzzReport();
for (const [i, suite] of suites.entries()) {
  // Each suite gets its share of the time that is left, on its own server.
  const share = (started + minutes * 60_000 - Date.now()) / (suites.length - i);
  const until = Date.now() + share;
  const server = await FuzzServer.start();
  try {
    const report =
      suite === 'collab'
        ? await runCollabFuzz(server, {
            seed,
            until,
            onlyBatch,
            casesPerBatch: Number(values['cases-per-batch']),
            restartEvery: 5,
            minimizeMs: 120_000,
            log,
          })
        : await runHttpFuzz(server, {
            seed,
            until,
            onlyBatch,
            requestsPerRoute: 3,
            randomImports: 20,
            fixedImports: 'all',
            deadlineMs: 5_000,
            stallWaitMs: 120_000,
            log,
          });
    console.log(report.format(`\n${suite} (seed ${seed})`));
    mergeInto(total, report);
  } finally {
    await server.stop();
  }
}
const distinct = total.distinctFindings().length;
log(`done: ${total.batches} batches, ${total.findings.length} failures (${distinct} distinct), seed ${seed}`);
process.exit(total.findings.length > 0 ? 1 : 0);
