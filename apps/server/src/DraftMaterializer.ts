import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError, type MaterializedDraft } from '@rounds/domain';
import { materializeState } from '@rounds/editor/server';

/** Below this encoded size a draft is materialized in process: the worker round trip costs more. */
const WORKER_MIN_BYTES = 256 * 1024;
/** Most encoded bytes waiting for (or on) the worker; a big job past it is refused as busy. */
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;
/** A job running longer than this on the worker fails, and the worker is restarted. */
const JOB_TIMEOUT_MS = 30_000;
/** After this many worker deaths in a row (no job finished in between), big drafts go in process. */
const MAX_CONSECUTIVE_DEATHS = 3;

/** Counts for tests and diagnostics (module-wide: one server per process in practice). */
export const materializerStats = {
  materializations: 0,
  /** Most jobs waiting for or on the worker at once. */
  maxOutstanding: 0,
  timeouts: 0,
  workerDeaths: 0,
  refused: 0,
};

interface Job {
  state: Uint8Array;
  /** The state's size when queued (a transferred state reads 0). */
  bytes: number;
  resolve: (d: MaterializedDraft) => void;
  reject: (err: Error) => void;
}

export interface DraftMaterializerOptions {
  maxQueuedBytes?: number;
  jobTimeoutMs?: number;
}

/**
 * Materializes encoded draft states. A big one (a 15 MB draft: ~380 ms of materializing) goes to
 * one worker thread, so the event loop pays only the encode before and the structured clone of
 * the result after. Jobs wait here and are posted one at a time, the state transferred (not
 * copied); the queue is bounded in bytes, each job in time. Small states, and every state once
 * the worker has died repeatedly, are materialized in process: the answer is the same either way.
 */
export class DraftMaterializer {
  private worker: Worker | null = null;
  private broken = false;
  private closed = false;
  private running: { job: Job; timer: NodeJS.Timeout } | null = null;
  private readonly queue: Job[] = [];
  private queuedBytes = 0;
  private deathsInARow = 0;
  private readonly maxQueuedBytes: number;
  private readonly jobTimeoutMs: number;

  constructor(options: DraftMaterializerOptions = {}) {
    this.maxQueuedBytes = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
    this.jobTimeoutMs = options.jobTimeoutMs ?? JOB_TIMEOUT_MS;
  }

  /** Takes ownership of `state` (it may be transferred to the worker: do not use it afterwards). */
  materialize(state: Uint8Array): Promise<MaterializedDraft> {
    materializerStats.materializations++;
    if (state.byteLength < WORKER_MIN_BYTES || this.broken || this.closed) {
      try {
        return Promise.resolve(materializeState(state));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error('materializing failed'));
      }
    }
    // One job bigger than the bound still runs when nothing else waits.
    if (this.queuedBytes > 0 && this.queuedBytes + state.byteLength > this.maxQueuedBytes) {
      materializerStats.refused++;
      return Promise.reject(
        new DomainError('rate_limited', 'The server is busy with other big drafts; try again in a moment'),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ state, bytes: state.byteLength, resolve, reject });
      this.queuedBytes += state.byteLength;
      const outstanding = this.queue.length + (this.running ? 1 : 0);
      materializerStats.maxOutstanding = Math.max(materializerStats.maxOutstanding, outstanding);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (this.running) this.finish(this.running.job, new Error('materializer closed'));
    for (const job of this.queue.splice(0)) this.finish(job, new Error('materializer closed'));
    if (worker) await worker.terminate();
  }

  /** Posts the next job when the worker is free; drains in process (one per turn) if it cannot start. */
  private dispatch(): void {
    if (this.running || this.queue.length === 0) return;
    const worker = this.broken ? null : this.ensureWorker();
    if (!worker) {
      this.drainInProcess();
      return;
    }
    const job = this.queue.shift() as Job;
    const timer = setTimeout(() => this.onTimeout(worker), this.jobTimeoutMs);
    this.running = { job, timer };
    worker.ref();
    // Transfer the buffer rather than clone it (encodeStateAsUpdate's result owns its buffer).
    const state =
      job.state.byteOffset === 0 && job.state.byteLength === job.state.buffer.byteLength
        ? job.state
        : job.state.slice();
    try {
      worker.postMessage({ state }, [state.buffer as ArrayBuffer]);
    } catch (err) {
      clearTimeout(timer);
      this.running = null;
      this.finish(job, err instanceof Error ? err : new Error('posting to the worker failed'));
      setImmediate(() => this.dispatch());
    }
  }

  /** Settles a job that has left the queue (running or dropped): exactly once, never throwing. */
  private finish(job: Job, result: MaterializedDraft | Error): void {
    this.queuedBytes -= job.bytes;
    if (result instanceof Error) job.reject(result);
    else job.resolve(result);
  }

  /** The worker cannot be used: materialize what waits in process, one job per event-loop turn. */
  private drainInProcess(): void {
    const job = this.queue.shift();
    if (!job) return;
    try {
      this.finish(job, materializeState(job.state));
    } catch (err) {
      this.finish(job, err instanceof Error ? err : new Error('materializing failed'));
    }
    if (this.queue.length > 0) setImmediate(() => this.drainInProcess());
  }

  private onTimeout(worker: Worker): void {
    if (this.worker !== worker || !this.running) return;
    materializerStats.timeouts++;
    const { job } = this.running;
    this.running = null;
    this.worker = null;
    void worker.terminate().catch(() => undefined);
    this.finish(job, new Error('materializing the draft timed out'));
    setImmediate(() => this.dispatch());
  }

  private onMessage(worker: Worker, m: { draft?: MaterializedDraft; error?: true }): void {
    if (this.worker !== worker || !this.running) return;
    const { job, timer } = this.running;
    clearTimeout(timer);
    this.running = null;
    this.deathsInARow = 0;
    if (this.queue.length === 0) worker.unref();
    this.finish(job, m.draft ?? new Error('materializing the draft failed'));
    this.dispatch();
  }

  /** The worker died (not by our hand): its job fails, the rest go to a new worker or in process. */
  private onDeath(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    materializerStats.workerDeaths++;
    if (++this.deathsInARow >= MAX_CONSECUTIVE_DEATHS) this.broken = true;
    const running = this.running;
    this.running = null;
    if (running) {
      clearTimeout(running.timer);
      this.finish(running.job, new Error('the materialize worker stopped'));
    }
    setImmediate(() => this.dispatch());
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    try {
      // The worker runs TypeScript like the server does: through tsx, registered in the worker
      // (an `--import` in its execArgv does not reach a worker's entry on Node 20).
      // `require` resolves tsx's CommonJS build of the API; the ES module sits next to it.
      const tsxCjs = createRequire(import.meta.url).resolve('tsx/esm/api');
      const tsxApi = pathToFileURL(join(dirname(tsxCjs), 'index.mjs')).href;
      const entry = new URL('./materializeWorker.ts', import.meta.url).href;
      const boot = `import(${JSON.stringify(tsxApi)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
      const worker = new Worker(boot, { eval: true });
      worker.unref();
      // Listeners never throw: every path only settles promises and schedules work.
      worker.on('message', (m: { draft?: MaterializedDraft; error?: true }) => this.onMessage(worker, m));
      worker.on('error', () => this.onDeath(worker));
      worker.on('exit', () => this.onDeath(worker));
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return null;
    }
  }
}
