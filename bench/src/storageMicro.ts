/**
 * Micro-benchmark of the Rounds write path in isolation (no sockets), to explain the fan-out
 * figures: what one append costs on the event loop, what group commit / deferred checkpoints /
 * no AUTOINCREMENT would save, and what a compaction of every page at once costs.
 * Uses the real openDatabase + SqliteDocumentStore + compactDocument on a temp dir.
 *
 *   npx tsx bench/src/storageMicro.ts [--pages 40] [--updates 500] [--batch 16]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { openDatabase, type SqliteDatabase } from '@rounds/storage-sqlite';
import { SqliteDocumentStore } from '../../packages/storage-sqlite/src/SqliteDocumentStore.ts';
import { compactDocument } from '../../apps/server/src/collab/compactDocument.ts';
import type { Logger } from '../../apps/server/src/logger.ts';
import { fmt, percentile, table } from './stats.ts';

const { values } = parseArgs({
  options: { pages: { type: 'string' }, updates: { type: 'string' }, batch: { type: 'string' } },
});
const PAGES = Number(values.pages ?? 40);
const UPDATES = Number(values.updates ?? 500);
const BATCH = Number(values.batch ?? 16);

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Updates exactly as a writer in the fan-out bench produces them. */
function makeUpdates(): { page: string; update: Uint8Array }[][] {
  const perPage: { page: string; update: Uint8Array }[][] = [];
  const filler =
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. ';
  for (let p = 0; p < PAGES; p++) {
    const page = `page-${p}`;
    const doc = new Y.Doc();
    const out: { page: string; update: Uint8Array }[] = [];
    doc.on('update', (update: Uint8Array) => out.push({ page, update }));
    const frag = doc.getXmlFragment('default');
    for (let i = 0; i < UPDATES; i++) {
      const el = new Y.XmlElement('paragraph');
      el.insert(0, [new Y.XmlText(`fanout ${p} ${i} ${Date.now()}.123 ${filler}`)]);
      frag.insert(frag.length, [el]);
    }
    perPage.push(out);
  }
  return perPage;
}

function freshDb(variant: { autoincrement: boolean; autocheckpoint: boolean }): {
  db: SqliteDatabase;
  store: SqliteDocumentStore;
  file: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-micro-'));
  dirs.push(dir);
  const file = join(dir, 'rounds.db');
  const db = openDatabase(file);
  if (!variant.autoincrement) {
    db.exec(`DROP INDEX doc_updates_page_seq; DROP TABLE doc_updates;
      CREATE TABLE doc_updates (seq INTEGER PRIMARY KEY, page_id TEXT NOT NULL REFERENCES pages(id), user_id TEXT,
        size INTEGER NOT NULL, data BLOB, created_at INTEGER NOT NULL) STRICT;
      CREATE INDEX doc_updates_page_seq ON doc_updates(page_id, seq);`);
  }
  if (!variant.autocheckpoint) db.pragma('wal_autocheckpoint = 0');
  db.prepare(
    "INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u', 'u@x', 'U', 'admin', 'x', 0)",
  ).run();
  const insertPage = db.prepare(
    "INSERT INTO pages (id, slug, title, created_by, created_at, updated_at) VALUES (?, ?, ?, 'u', 0, 0)",
  );
  for (let p = 0; p < PAGES; p++) insertPage.run(`page-${p}`, `page-${p}`, `Page ${p}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { db, store: new SqliteDocumentStore(db), file };
}

interface Outcome {
  name: string;
  /** Main-thread time per stored update (µs). */
  perUpdateUs: number;
  /** Distribution of one append call (a commit): what one relay waits behind. */
  callP50Us: number;
  callP99Us: number;
  callMaxMs: number;
  note: string;
}

async function run(
  name: string,
  variant: { autoincrement: boolean; autocheckpoint: boolean },
  batch: number,
  all: { page: string; update: Uint8Array }[][],
): Promise<Outcome> {
  const { db, store, file } = freshDb(variant);
  // Interleave pages the way 40 writers on timers do.
  const order: { page: string; update: Uint8Array }[] = [];
  for (let i = 0; i < UPDATES; i++)
    for (const pageUpdates of all) order.push(pageUpdates[i] as { page: string; update: Uint8Array });
  const calls: number[] = [];
  const group = db.transaction((items: { page: string; update: Uint8Array }[]) => {
    for (const it of items)
      void store.appendUpdates(it.page, [{ update: it.update, userId: 'u', at: Date.now() }]);
  });
  const started = performance.now();
  for (let i = 0; i < order.length; i += batch) {
    const items = order.slice(i, i + batch);
    const t = performance.now();
    if (batch === 1) {
      const it = items[0] as { page: string; update: Uint8Array };
      await store.appendUpdates(it.page, [{ update: it.update, userId: 'u', at: Date.now() }]);
    } else {
      group.immediate(items);
    }
    calls.push((performance.now() - t) * 1000);
  }
  const totalMs = performance.now() - started;
  let note = '';
  if (!variant.autocheckpoint) {
    const frames = statSync(`${file}-wal`).size / (4096 + 24);
    const t = performance.now();
    db.pragma('wal_checkpoint(TRUNCATE)');
    note = `${fmt(frames / order.length, 2)} WAL frames (4 KiB pages) written per update; one deferred checkpoint of the whole WAL: ${fmt(performance.now() - t, 1)} ms (off the loop in a worker)`;
  }
  db.close();
  const sorted = Float64Array.from(calls).sort();
  return {
    name,
    perUpdateUs: (totalMs * 1000) / order.length,
    callP50Us: percentile(sorted, 50),
    callP99Us: percentile(sorted, 99),
    callMaxMs: (sorted[sorted.length - 1] ?? 0) / 1000,
    note,
  };
}

async function compactionStorm(all: { page: string; update: Uint8Array }[][]): Promise<string> {
  const { db, store } = freshDb({ autoincrement: true, autocheckpoint: true });
  // Interleaved, as 40 concurrent writers leave them: each page's rows are spread over the table.
  for (let i = 0; i < UPDATES; i++) {
    for (const pageUpdates of all) {
      const u = pageUpdates[i] as { page: string; update: Uint8Array };
      await store.appendUpdates(u.page, [{ update: u.update, userId: 'u', at: 0 }]);
    }
  }
  const silent = {
    error: () => undefined,
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
  } as unknown as Logger;
  const each: number[] = [];
  const started = performance.now();
  for (let p = 0; p < PAGES; p++) {
    const t = performance.now();
    await compactDocument(`page-${p}`, store, silent);
    each.push(performance.now() - t);
  }
  const total = performance.now() - started;
  db.close();
  const sorted = Float64Array.from(each).sort();
  return `compaction of ${PAGES} pages × ${UPDATES} updates: ${fmt(total, 0)} ms in total, per page p50 ${fmt(percentile(sorted, 50), 1)} ms, max ${fmt(sorted[sorted.length - 1] ?? 0, 1)} ms (each synchronous on the event loop)`;
}

const all = makeUpdates();
const sizes = all.flat().map((u) => u.update.byteLength);
console.log(
  `${PAGES} pages × ${UPDATES} updates, ${fmt(sizes.reduce((a, b) => a + b, 0) / sizes.length, 0)} bytes per update on average; temp dir on ${tmpdir()}`,
);
const outcomes = [
  await run('as today: 1 update per transaction', { autoincrement: true, autocheckpoint: true }, 1, all),
  await run('no AUTOINCREMENT', { autoincrement: false, autocheckpoint: true }, 1, all),
  await run(
    'wal_autocheckpoint=0 (checkpoint elsewhere)',
    { autoincrement: true, autocheckpoint: false },
    1,
    all,
  ),
  await run(
    `group commit: ${BATCH} updates (all pages) per transaction`,
    { autoincrement: true, autocheckpoint: true },
    BATCH,
    all,
  ),
  await run(
    `group commit ${BATCH} + no AUTOINCREMENT + no autocheckpoint`,
    { autoincrement: false, autocheckpoint: false },
    BATCH,
    all,
  ),
];
console.log(
  table(
    ['variant', 'µs/update', 'commit p50 µs', 'commit p99 µs', 'commit max ms'],
    outcomes.map((o) => [
      o.name,
      fmt(o.perUpdateUs, 1),
      fmt(o.callP50Us, 0),
      fmt(o.callP99Us, 0),
      fmt(o.callMaxMs, 1),
    ]),
  ),
);
for (const o of outcomes) if (o.note) console.log(`${o.name}: ${o.note}`);
console.log(await compactionStorm(all));
