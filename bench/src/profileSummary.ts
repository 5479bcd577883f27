/**
 * Summarises a V8 .cpuprofile (as written by `node --cpu-prof`, e.g. by `fanout.ts --cpu-prof`):
 * self time by function and by package, plus inclusive time of selected functions.
 *
 *   npx tsx bench/src/profileSummary.ts <file.cpuprofile> [--top 30] [--match regex]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  options: { top: { type: 'string' }, match: { type: 'string' } },
  allowPositionals: true,
});
const file = positionals[0];
if (!file) {
  console.error('usage: profileSummary.ts <file.cpuprofile> [--top 30] [--match regex]');
  process.exit(1);
}
const top = Number(values.top ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node, from samples and their time deltas (µs).
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

function pkgOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native/builtin)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm?.[1]) return nm[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const ws = /\/work\/main\/((?:apps|packages)\/[^/]+)/.exec(url);
  if (ws?.[1]) return ws[1];
  return url.replace(/^file:\/\//, '');
}
const shortUrl = (url: string): string =>
  url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, '');

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, us] of selfUs) {
  const cf = byId.get(id)?.callFrame;
  if (!cf) continue;
  const key = `${cf.functionName || '(anonymous)'}  ${shortUrl(cf.url)}:${cf.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = pkgOf(cf.url, cf.functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}

const pct = (us: number): string =>
  `${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms`;
const print = (title: string, m: Map<string, number>): void => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(v)}  ${k}`);
};

console.log(
  `${file}\nsampled ${(totalUs / 1e6).toFixed(2)} s over ${((profile.endTime - profile.startTime) / 1e6).toFixed(2)} s wall`,
);
print('Self time by package', byPackage);
print('Self time by function', byFunction);

// Longest stretches without an idle sample: the event-loop stalls a relay waits behind.
{
  const idleIds = new Set(
    profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
  );
  const runs: { startMs: number; ms: number; frames: Map<string, number> }[] = [];
  let t = 0;
  let run: { startMs: number; ms: number; frames: Map<string, number> } | null = null;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (idleIds.has(id)) {
      if (run) runs.push(run);
      run = null;
      return;
    }
    run ??= { startMs: t / 1000, ms: 0, frames: new Map() };
    run.ms += dt / 1000;
    // Attribute the sample to the innermost frame that is Rounds or package code with a name.
    let label = '';
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)?.callFrame;
      if (cf?.url && cf.functionName) {
        label = `${cf.functionName} (${pkgOf(cf.url, cf.functionName)})`;
        break;
      }
    }
    label ||= byId.get(id)?.callFrame.functionName ?? '?';
    run.frames.set(label, (run.frames.get(label) ?? 0) + dt / 1000);
  });
  if (run) runs.push(run);
  const long = runs.sort((a, b) => b.ms - a.ms).slice(0, Math.min(top, 15));
  console.log('\nLongest busy stretches (no idle sample in between)');
  for (const r of long) {
    const frames = [...r.frames]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, v]) => `${k} ${v.toFixed(1)}ms`);
    console.log(
      `  at ${(r.startMs / 1000).toFixed(2).padStart(6)} s  ${r.ms.toFixed(1).padStart(6)} ms  ${frames.join(', ')}`,
    );
  }
  const buckets = [1, 5, 10, 20, 50, 100];
  console.log(
    `  busy stretches: ${buckets.map((b) => `≥${b} ms: ${runs.filter((r) => r.ms >= b).length}`).join(', ')}`,
  );
}

// Inclusive time of functions whose name matches --match (time in them or anything they call).
if (values.match) {
  const re = new RegExp(values.match);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)?.callFrame;
      if (!cf || !re.test(cf.functionName)) continue;
      const key = `${cf.functionName}  ${shortUrl(cf.url)}:${cf.lineNumber + 1}`;
      if (seen.has(key)) continue; // recursion: count once per sample
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  print(`Inclusive time of functions matching /${values.match}/`, inclusive);
}
