/**
 * Scripts preloaded (`node --require`) into the server children. They are plain CommonJS kept as
 * strings and written to a temp dir at run time, so the children need no TypeScript loader for them
 * and the reference server runs exactly as shipped apart from these few lines.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Identical in both servers: samples the event-loop delay and GC pauses; on SIGUSR2 prints one line
 * `BENCH_PROBE {json}` to stderr with the figures since the previous SIGUSR2 and resets them.
 * Cost: one 5 ms timer and a GC observer.
 */
const SERVER_PROBE = String.raw`'use strict';
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
const RESOLUTION_MS = 5;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();
let gcMs = 0, gcMaxMs = 0, gcCount = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    gcCount++;
    if (e.duration > gcMaxMs) gcMaxMs = e.duration;
  }
}).observe({ entryTypes: ['gc'] });
// The histogram records whole timer intervals (resolution + lag): report the lag.
const lag = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
process.on('SIGUSR2', () => {
  const out = { loopP50Ms: lag(loop.percentile(50)), loopP99Ms: lag(loop.percentile(99)), loopMaxMs: lag(loop.max), gcMs, gcMaxMs, gcCount };
  loop.reset();
  gcMs = 0; gcMaxMs = 0; gcCount = 0;
  process.stderr.write('BENCH_PROBE ' + JSON.stringify(out) + '\n');
});
`;

/**
 * Only with --cpu-prof, only for the reference (Rounds handles SIGTERM itself): turns SIGTERM and
 * SIGINT into a normal exit so Node writes the CPU profile.
 */
const EXIT_ON_SIGNAL = String.raw`'use strict';
for (const sig of ['SIGTERM', 'SIGINT']) process.once(sig, () => process.exit(0));
`;

export interface PreloadPaths {
  serverProbe: string;
  exitOnSignal: string;
}

export function writePreloads(dir: string): PreloadPaths {
  const paths = { serverProbe: join(dir, 'serverProbe.cjs'), exitOnSignal: join(dir, 'exitOnSignal.cjs') };
  writeFileSync(paths.serverProbe, SERVER_PROBE);
  writeFileSync(paths.exitOnSignal, EXIT_ON_SIGNAL);
  return paths;
}
