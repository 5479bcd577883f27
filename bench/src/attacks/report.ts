/** The attack results as a summary table and a few lines per attack. */
import { fmt, markdownTable, table } from '../stats.ts';
import type { AttackResult, PageCheck } from './types.ts';

const mibCell = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '–' : fmt(n, 0));

function serverCell(r: AttackResult): string {
  if (r.harnessError) return 'BENCH ERROR';
  if (r.rssLimitKill !== undefined) return `killed at ${fmt(r.rssLimitKill, 0)} MiB`;
  if (r.serverDied) return `DIED (${r.serverDied.split(' ').slice(0, 3).join(' ')})`;
  return 'up';
}

/** "ok", or what failed, short: "200/200, honest text missing", "500/500", "page timed out". */
function checkCell(c: PageCheck | undefined): string {
  if (!c) return '–';
  const status = (s: string): string => (s.startsWith('timed out') ? 'timeout' : (s.split(' ')[0] ?? s));
  const honest = c.honestParagraphs !== undefined ? ` (${c.honestParagraphs} honest ¶)` : '';
  if (c.ok) return `ok${honest}`;
  if (c.page.startsWith('restart failed')) return 'restart failed';
  if (c.content.startsWith('not tried')) return `page ${status(c.page)}`;
  const missing = c.content.includes('MISSING') ? ', honest text missing' : '';
  return `${status(c.page)}/${status(c.content)}${missing}`;
}

function rows(results: AttackResult[]): string[][] {
  return results.map((r) => {
    const h = r.health;
    const honest = r.honest;
    return [
      r.name,
      serverCell(r),
      r.rss ? `${mibCell(r.rss.beforeMiB)} / ${mibCell(r.rss.peakMiB)} / ${mibCell(r.rss.afterMiB)}` : '–',
      h ? `${fmt(h.p50Ms, 1)} / ${fmt(h.p99Ms, 0)}` : '–',
      h ? `${h.timeouts + h.errors}/${h.samples}` : '–',
      honest ? `${honest.late + honest.lost}/${honest.sent}` : '–',
      checkCell(r.afterAttack),
      checkCell(r.afterRestart),
    ];
  });
}

const HEADER = [
  'attack',
  'server',
  'RSS MiB before/peak/after',
  'health p50/p99 ms',
  'health failed',
  'honest edits missed',
  'page+draft after attack',
  'after unload+restart',
];

export function summaryTable(results: AttackResult[]): string {
  return table(HEADER, rows(results));
}

export function summaryMarkdown(results: AttackResult[]): string {
  return markdownTable(
    [...HEADER, 'finding'],
    rows(results).map((row, i) => [...row, results[i]?.summary ?? '']),
  );
}

export function detailLines(r: AttackResult): string[] {
  const out = [`${r.name}: ${r.description}`, `  finding: ${r.summary}`];
  if (r.harnessError) out.push(`  bench error: ${r.harnessError.split('\n').slice(0, 4).join(' | ')}`);
  if (r.serverDied) out.push(`  server died: ${r.serverDied}`);
  if (r.rssLimitKill !== undefined)
    out.push(`  server killed by the bench at ${fmt(r.rssLimitKill, 0)} MiB RSS`);
  if (r.honest) {
    const h = r.honest;
    out.push(
      `  honest editor: ${h.onTime}/${h.sent} edits seen within 2 s (late ${h.late}, lost ${h.lost}), latency p50 ${fmt(h.latencyP50Ms, 0)} ms, p99 ${fmt(h.latencyP99Ms, 0)} ms, max ${fmt(h.latencyMaxMs, 0)} ms; disconnects editor ${h.editorDisconnects}, reader ${h.readerDisconnects}${h.closeCodes.length ? `, close codes ${[...new Set(h.closeCodes)].join(',')}` : ''}`,
    );
  }
  if (r.health) {
    const h = r.health;
    out.push(
      `  /api/health: ${h.samples} probes, ${h.timeouts} timed out (5 s), ${h.errors} failed; p50 ${fmt(h.p50Ms, 1)} ms, p99 ${fmt(h.p99Ms, 0)} ms, max ${fmt(h.maxMs, 0)} ms`,
    );
  }
  const paragraphs = (c: PageCheck): string =>
    c.honestParagraphs !== undefined
      ? ` (${c.honestParagraphs} honest paragraphs of ${r.honest?.sentTotal ?? '?'} typed)`
      : '';
  if (r.afterAttack)
    out.push(
      `  after the attack: page ${r.afterAttack.page}; draft text ${r.afterAttack.content}${paragraphs(r.afterAttack)}`,
    );
  if (r.shutdown)
    out.push(`  shutdown: ${r.shutdown.forced ? 'SIGKILL needed' : 'clean'} (${r.shutdown.exit})`);
  if (r.disk?.atWindowEnd) {
    const d = r.disk.atWindowEnd;
    const s = r.disk.afterStop;
    out.push(
      `  disk: DB ${fmt(d.dbBytes / 2 ** 20, 1)} MiB + WAL ${fmt(d.walBytes / 2 ** 20, 1)} MiB, ${d.updateRows ?? '?'} update rows at the end of the window` +
        (s
          ? `; after stop DB ${fmt(s.dbBytes / 2 ** 20, 1)} MiB + WAL ${fmt(s.walBytes / 2 ** 20, 1)} MiB, ${s.updateRows ?? '?'} rows`
          : ''),
    );
  }
  if (r.afterRestart) {
    const a = r.afterRestart;
    out.push(
      `  after unload + restart: page ${a.page}; draft text ${a.content}${paragraphs(a)}${a.collab ? `; collab ${a.collab}` : ''}`,
    );
  }
  out.push(
    `  server output: ${r.server.lines} lines, ${r.server.warnLines} at warn or above` +
      (r.server.topMessages.length
        ? `: ${r.server.topMessages
            .slice(0, 4)
            .map(([m, n]) => `${n}× "${m.slice(0, 60)}"`)
            .join(', ')}`
        : ''),
  );
  out.push(`  took ${fmt(r.totalSeconds, 0)} s (window ${fmt(r.windowSeconds, 1)} s)`);
  return out;
}
