/**
 * Attack benchmark: each attack of the security report against a fresh real Rounds server, with
 * an honest editor typing meanwhile, then an idle unload and a restart on the same DATA_DIR.
 *
 *   npm run bench:attacks -- [--seconds 10] [--only crafted-update,disk-fill] [--root /other/checkout]
 *       [--json out.json] [--markdown] [--rss-limit 8192] [--env KEY=VALUE ...]
 *   npm run bench:attacks -- --report bench/results/attacks-before.json [--markdown]
 *
 * Not a test: it records what happens (a server that dies or hangs is a result) and moves on.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { claimsRegex, craftedUpdate, deepNesting, diskFill } from './attacks/documentAttacks.ts';
import { amplificationAwareness, amplificationStep1, slowReaders } from './attacks/floodAttacks.ts';
import { runAttack } from './attacks/harness.ts';
import { loginConcurrency, references, targetedLockout } from './attacks/httpAttacks.ts';
import { detailLines, summaryMarkdown, summaryTable } from './attacks/report.ts';
import type { Attack, AttackResult } from './attacks/types.ts';

const ATTACKS: Attack[] = [
  craftedUpdate,
  deepNesting,
  claimsRegex,
  references,
  slowReaders,
  amplificationStep1,
  amplificationAwareness,
  diskFill,
  loginConcurrency,
  targetedLockout,
];

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    only: { type: 'string' },
    root: { type: 'string' },
    json: { type: 'string' },
    markdown: { type: 'boolean' },
    'rss-limit': { type: 'string' },
    env: { type: 'string', multiple: true },
    list: { type: 'boolean' },
    report: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (values.report) {
  // Re-print the tables of a saved run (e.g. bench/results/attacks-before.json).
  const saved = JSON.parse(readFileSync(values.report, 'utf8')) as { code: string; results: AttackResult[] };
  console.log(`Results (${saved.code}):\n${summaryTable(saved.results)}\n\nFindings:`);
  for (const r of saved.results) console.log(`  ${r.name.padEnd(24)} ${r.summary}`);
  if (values.markdown) console.log(`\n${summaryMarkdown(saved.results)}`);
  process.exit(0);
}

if (values.help || values.list) {
  console.log(
    'Usage: npm run bench:attacks -- [--seconds 10] [--only a,b] [--root dir] [--json file] [--markdown]\n' +
      '  [--rss-limit MiB] [--env KEY=VALUE]...\n' +
      '       npm run bench:attacks -- --report saved.json [--markdown]   (tables of a saved run)\n\nAttacks:\n' +
      ATTACKS.map((a) => `  ${a.name.padEnd(24)} ${a.description}`).join('\n'),
  );
  process.exit(0);
}

const BENCH_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = resolve(values.root ?? BENCH_ROOT);
if (!existsSync(join(root, 'apps/server/src/main.ts')))
  throw new Error(`--root ${root}: no apps/server/src/main.ts there`);
if (!existsSync(join(root, 'node_modules/tsx')))
  throw new Error(`--root ${root}: no node_modules/tsx (run npm ci there first)`);
const seconds = Number(values.seconds ?? 10);
if (!Number.isFinite(seconds) || seconds < 1) throw new Error('--seconds must be a number ≥ 1');
const rssLimitMiB = Number(values['rss-limit'] ?? 8192);
const env: Record<string, string> = {};
for (const kv of values.env ?? []) {
  const eq = kv.indexOf('=');
  if (eq < 1) throw new Error(`--env ${kv}: expected KEY=VALUE`);
  env[kv.slice(0, eq)] = kv.slice(eq + 1);
}
const only = values.only
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const name of only ?? [])
  if (!ATTACKS.some((a) => a.name === name))
    throw new Error(`unknown attack "${name}" (known: ${ATTACKS.map((a) => a.name).join(', ')})`);
const selected = only ? ATTACKS.filter((a) => only.includes(a.name)) : ATTACKS;

function gitHead(dir: string): string {
  try {
    const head = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['-C', dir, 'status', '--porcelain', '--', 'apps/server', 'packages'], {
      encoding: 'utf8',
    }).trim();
    return `${head}${dirty ? '+uncommitted' : ''}`;
  } catch {
    return 'unknown';
  }
}

// y-websocket adds one process 'exit' listener per provider.
process.setMaxListeners(50);
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = true;
    console.error(`\n${sig}: stopping (children are killed on exit)…`);
    process.exit(130);
  });
}

async function main(): Promise<void> {
  const head = gitHead(root);
  console.log(
    `Attack bench: ${selected.length} attack(s), window ${seconds} s each, server from ${root} (${head})\n` +
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const started = Date.now();
  const results: AttackResult[] = [];
  for (const attack of selected) {
    if (interrupted) break;
    console.log(`\n${attack.name}: ${attack.description}`);
    const r = await runAttack(attack, { root, windowSeconds: seconds, rssLimitMiB, env, log: console.log });
    results.push(r);
    for (const line of detailLines(r).slice(1)) console.log(line);
  }
  console.log(`\nResults (${head}, ${((Date.now() - started) / 60_000).toFixed(1)} min):`);
  console.log(summaryTable(results));
  console.log('\nFindings:');
  for (const r of results) console.log(`  ${r.name.padEnd(24)} ${r.summary}`);
  if (values.markdown) console.log(`\n${summaryMarkdown(results)}`);
  if (values.json) {
    mkdirSync(dirname(resolve(values.json)), { recursive: true });
    writeFileSync(
      values.json,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          root,
          code: head,
          options: { seconds, rssLimitMiB, env, only: only ?? null },
          machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
          totalMinutes: (Date.now() - started) / 60_000,
          results,
        },
        null,
        2,
      ),
    );
    console.log(`\nRaw results written to ${values.json}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
