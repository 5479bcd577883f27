/**
 * Fan-out benchmark: Rounds vs. the reference y-websocket server under the same y-websocket load.
 *
 *   npx tsx bench/src/fanout.ts [--seconds 20] [--warmup 3] [--pages 40] [--clients 200]
 *       [--interval 50] [--grace 5] [--rounds 1] [--users 10] [--chars 100]
 *       [--servers ours,ref] [--cpu-prof] [--json out.json] [--markdown] [--timeline]
 *
 * Every flag can also be given as an environment variable: BENCH_SECONDS, BENCH_PAGES, …
 * See docs/benchmarks.md for what is measured and how to read it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad, type LoadResult } from './load.ts';
import { REPO_ROOT, SERVER_LABEL, startServer, type ServerKind, type ServerUnderTest } from './servers.ts';
import { referenceVersion, roundsSourceFingerprint } from './codeVersion.ts';
import { fmt, markdownTable, median, ratio, table } from './stats.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    pages: { type: 'string' },
    clients: { type: 'string' },
    interval: { type: 'string' },
    grace: { type: 'string' },
    rounds: { type: 'string' },
    users: { type: 'string' },
    chars: { type: 'string' },
    servers: { type: 'string' },
    pause: { type: 'string' },
    'cpu-prof': { type: 'boolean' },
    json: { type: 'string' },
    markdown: { type: 'boolean' },
    timeline: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (values.help) {
  console.log(
    'Usage: tsx bench/src/fanout.ts [--seconds 20] [--warmup 3] [--pages 40] [--clients 200] [--interval 50]\n' +
      '  [--grace 5] [--rounds 1] [--users 10] [--chars 100] [--servers ours,ref] [--pause 2]\n' +
      '  [--cpu-prof] [--json file] [--markdown] [--timeline]\n' +
      'Environment equivalents: BENCH_SECONDS, BENCH_WARMUP, BENCH_PAGES, BENCH_CLIENTS, BENCH_INTERVAL, ...',
  );
  process.exit(0);
}

function numberOption(name: keyof typeof values, fallback: number, min: number): number {
  const raw = values[name] ?? process.env[`BENCH_${name.toUpperCase().replace('-', '_')}`];
  if (raw === undefined || raw === '' || typeof raw === 'boolean') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`--${name} must be a number ≥ ${min} (got ${String(raw)})`);
  return n;
}

const opts = {
  seconds: numberOption('seconds', 20, 1),
  warmup: numberOption('warmup', 3, 0),
  pages: Math.floor(numberOption('pages', 40, 1)),
  clients: Math.floor(numberOption('clients', 200, 2)),
  interval: numberOption('interval', 50, 1),
  grace: numberOption('grace', 5, 0),
  rounds: Math.floor(numberOption('rounds', 1, 1)),
  users: Math.floor(numberOption('users', 10, 1)),
  chars: Math.floor(numberOption('chars', 100, 0)),
  pause: numberOption('pause', 2, 0),
};
if (opts.clients < opts.pages * 2)
  throw new Error('--clients must be at least twice --pages (one writer and ≥ 1 receiver per page)');
const serverList = (values.servers ?? process.env.BENCH_SERVERS ?? 'ours,ref')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean) as ServerKind[];
for (const s of serverList)
  if (s !== 'ours' && s !== 'ref') throw new Error(`unknown server "${String(s)}" (use ours, ref)`);
const cpuProf = values['cpu-prof'] ?? process.env.BENCH_CPU_PROF === '1';

// y-websocket adds one process 'exit' listener per provider.
process.setMaxListeners(opts.clients + 20);

const log = (msg: string): void => console.log(msg);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const profileDir = cpuProf ? join(REPO_ROOT, 'bench', 'results', `profiles-${stamp}`) : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });

let current: ServerUnderTest | null = null;
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = true;
    console.error(`\n${sig}: stopping the server under test and cleaning up…`);
    const stopping = current?.stop() ?? Promise.resolve();
    void stopping.finally(() => process.exit(130));
    setTimeout(() => process.exit(130), 20_000).unref();
  });
}

async function measure(kind: ServerKind, round: number): Promise<LoadResult> {
  const source = kind === 'ours' ? roundsSourceFingerprint() : undefined;
  log(`round ${round + 1}/${opts.rounds}: ${SERVER_LABEL[kind]}${source ? ` (${source})` : ''}`);
  const server = await startServer(kind, {
    pages: opts.pages,
    users: opts.users,
    nodeFlags: [],
    ...(profileDir ? { cpuProfDir: join(profileDir, `${kind}-round${round + 1}`) } : {}),
  });
  current = server;
  try {
    const result = await runLoad(server, {
      pages: opts.pages,
      clients: opts.clients,
      intervalMs: opts.interval,
      warmupSeconds: opts.warmup,
      seconds: opts.seconds,
      graceSeconds: opts.grace,
      paragraphChars: opts.chars,
      log,
    });
    if (source) result.source = source;
    const l = result.latencyMs;
    log(
      `  sent ${result.updatesSent} (${fmt(result.updatesSent / result.windowSeconds, 0)}/s), missed ${result.missed}, ` +
        `p50 ${fmt(l.p50)} ms, p99 ${fmt(l.p99)} ms, max ${fmt(l.max, 1)} ms, ` +
        `server CPU ${fmt(result.serverCpuPercent, 0)}% (${fmt(result.serverCpuPerUpdateUs, 0)} µs/update), bench CPU ${fmt(result.benchCpuPercent, 0)}%, ` +
        `loop lag p99/max: server ${fmt(result.serverLoop.loopP99Ms, 1)}/${fmt(result.serverLoop.loopMaxMs, 1)} ms, bench ${fmt(result.benchLoopDelayP99Ms, 1)} ms`,
    );
    if (values.timeline) {
      log('  second  deliveries   p50 ms   p99 ms   max ms');
      for (const t of result.timeline) {
        log(
          `  ${String(t.second).padStart(6)}  ${String(t.count).padStart(10)}  ${fmt(t.p50).padStart(7)}  ${fmt(t.p99).padStart(7)}  ${fmt(t.max, 1).padStart(7)}`,
        );
      }
    }
    if (result.serverProblems > 0) {
      log(`  server logged ${result.serverProblems} warnings/errors during the window, e.g.:`);
      for (const line of server.problems().slice(-3)) log(`    ${line.slice(0, 300)}`);
    }
    return result;
  } finally {
    current = null;
    await server.stop();
  }
}

interface Row {
  label: string;
  pick: (r: LoadResult) => number;
  digits: number;
  /** Show ours/reference for this row. */
  ratio?: boolean;
}

const ROWS: Row[] = [
  { label: 'updates sent', pick: (r) => r.updatesSent, digits: 0 },
  { label: 'updates/s achieved', pick: (r) => r.updatesSent / r.windowSeconds, digits: 1 },
  { label: 'deliveries expected', pick: (r) => r.deliveriesExpected, digits: 0 },
  { label: 'missed deliveries', pick: (r) => r.missed, digits: 0 },
  { label: 'latency p50 (ms)', pick: (r) => r.latencyMs.p50, digits: 2, ratio: true },
  { label: 'latency p95 (ms)', pick: (r) => r.latencyMs.p95, digits: 2, ratio: true },
  { label: 'latency p99 (ms)', pick: (r) => r.latencyMs.p99, digits: 2, ratio: true },
  { label: 'latency p99.9 (ms)', pick: (r) => r.latencyMs.p999, digits: 2, ratio: true },
  { label: 'latency max (ms)', pick: (r) => r.latencyMs.max, digits: 1, ratio: true },
  { label: 'latency mean (ms)', pick: (r) => r.latencyMs.mean, digits: 2, ratio: true },
  { label: 'server CPU / update (µs)', pick: (r) => r.serverCpuPerUpdateUs, digits: 0, ratio: true },
  { label: 'server CPU (% of one core)', pick: (r) => r.serverCpuPercent, digits: 1, ratio: true },
  { label: 'server event-loop lag p99 (ms)', pick: (r) => r.serverLoop.loopP99Ms, digits: 1 },
  { label: 'server event-loop lag max (ms)', pick: (r) => r.serverLoop.loopMaxMs, digits: 1 },
  { label: 'server GC time (ms)', pick: (r) => r.serverLoop.gcMs, digits: 0 },
  { label: 'server RSS at end (MiB)', pick: (r) => r.serverRssMiB, digits: 0 },
  { label: 'bench process CPU (%)', pick: (r) => r.benchCpuPercent, digits: 1 },
  { label: 'bench event-loop lag p99 (ms)', pick: (r) => r.benchLoopDelayP99Ms, digits: 1 },
  { label: 'client disconnects', pick: (r) => r.disconnects, digits: 0 },
];

function report(title: string, ours: LoadResult[], ref: LoadResult[]): { text: string; markdown: string } {
  const hasOurs = ours.length > 0;
  const hasRef = ref.length > 0;
  const header = [
    'metric',
    ...(hasOurs ? ['Rounds'] : []),
    ...(hasRef ? ['reference'] : []),
    ...(hasOurs && hasRef ? ['Rounds/ref'] : []),
  ];
  const rows = ROWS.map((row) => {
    const a = median(ours.map(row.pick));
    const b = median(ref.map(row.pick));
    return [
      row.label,
      ...(hasOurs ? [fmt(a, row.digits)] : []),
      ...(hasRef ? [fmt(b, row.digits)] : []),
      ...(hasOurs && hasRef ? [row.ratio ? `${fmt(ratio(a, b))}×` : ''] : []),
    ];
  });
  return { text: `${title}\n${table(header, rows)}`, markdown: markdownTable(header, rows) };
}

async function main(): Promise<void> {
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  log(
    `Fan-out bench: ${opts.clients} clients over ${opts.pages} pages, one writer per page every ${opts.interval} ms ` +
      `(${fmt((opts.pages * 1000) / opts.interval, 0)} updates/s), warm-up ${opts.warmup} s, window ${opts.seconds} s, ` +
      `grace ${opts.grace} s, ${opts.rounds} round(s)`,
  );
  log(
    `Servers: ${serverList.map((s) => (s === 'ref' ? `reference (${referenceVersion()}, in memory)` : 'Rounds (SQLite, fresh DATA_DIR)')).join(' vs ')}`,
  );
  log(
    `Machine: ${cpus().length} × ${cpuModel}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  const results: Record<ServerKind, LoadResult[]> = { ours: [], ref: [] };
  for (let round = 0; round < opts.rounds && !interrupted; round++) {
    // Alternate the order so neither server always runs on the "warmer" or "noisier" slot.
    const order = round % 2 === 0 ? serverList : [...serverList].reverse();
    for (const kind of order) {
      if (interrupted) break;
      results[kind].push(await measure(kind, round));
      if (opts.pause > 0) await new Promise((r) => setTimeout(r, opts.pause * 1000));
    }
  }

  if (opts.rounds > 1) {
    log('\nPer round (latency ms: p50 / p99 / max; CPU µs per update):');
    for (let round = 0; round < opts.rounds; round++) {
      const cells = serverList.map((kind) => {
        const r = results[kind][round];
        if (!r) return `${SERVER_LABEL[kind]} –`;
        const l = r.latencyMs;
        return `${SERVER_LABEL[kind]} ${fmt(l.p50)} / ${fmt(l.p99)} / ${fmt(l.max, 1)}, ${fmt(r.serverCpuPerUpdateUs, 0)} µs, missed ${r.missed}`;
      });
      log(`  round ${round + 1}: ${cells.join(' | ')}`);
    }
  }
  const { text, markdown } = report(
    opts.rounds > 1 ? `\nMedians over ${opts.rounds} rounds:` : '\nResults:',
    results.ours,
    results.ref,
  );
  log(text);
  const sources = [...new Set(results.ours.map((r) => r.source))];
  // HEAD may move by unrelated commits; only a different source hash means different server code.
  const codeHashes = new Set(sources.map((s) => s?.split(' src:')[1]));
  if (codeHashes.size > 1) {
    log(
      `\nWARNING: the Rounds sources changed between rounds (${sources.join(', ')}); the medians mix versions.`,
    );
  } else if (sources[0]) {
    log(`\nRounds code measured: ${sources[0]}`);
  }
  if (values.markdown) log(`\n${markdown}`);
  if (profileDir) log(`\nCPU profiles (open in Chrome DevTools or speedscope): ${profileDir}`);
  if (values.json) {
    writeFileSync(
      values.json,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          options: opts,
          servers: serverList,
          machine: { cpus: cpus().length, cpuModel, node: process.version },
          results,
        },
        null,
        2,
      ),
    );
    log(`Raw results written to ${values.json}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
