import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './openDatabase.ts';

/** How often the background thread checkpoints the WAL into the database file. */
const INTERVAL_MS = 1_000;

/*
 * The worker is plain CommonJS evaluated from a string, so it runs the same under tsx, vitest and
 * plain node (a .ts worker file would need a loader in each). It opens its own connection and
 * runs PASSIVE checkpoints, which never block the writer.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever
 * commit crosses the threshold and fsyncs there, stalling every socket for tens of milliseconds;
 * here the main connection never checkpoints and a worker thread does it every second instead.
 * Returns a stop function that ends the worker and truncates the WAL on the main connection.
 */
export function startCheckpointer(db: SqliteDatabase, file: string): () => Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs: INTERVAL_MS },
  });
  worker.unref();
  worker.on('error', () => {
    // Without the worker, fall back to SQLite's own checkpoints rather than growing the WAL forever.
    db.pragma('wal_autocheckpoint = 1000');
  });
  db.pragma('wal_autocheckpoint = 0');
  return async () => {
    // Keep the process alive until the worker is gone (it is unref'd while running).
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
    db.pragma('wal_checkpoint(TRUNCATE)');
  };
}
