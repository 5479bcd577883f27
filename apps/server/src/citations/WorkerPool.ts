import { Worker, type ResourceLimits } from 'node:worker_threads';

export interface WorkerPoolOptions {
  /** The worker module: posts `{ready: true}` once loaded, then answers `{id, job}` with `{id, ok, result | message}`. */
  entry: URL;
  /** Workers running at once. */
  size: number;
  /** Longest one job may run; past it the worker is terminated and replaced. */
  timeoutMs: number;
  /** Jobs that may wait for a worker; past it `run` refuses at once. */
  maxQueued: number;
  /** Longest a worker may take to load. */
  startTimeoutMs?: number;
  resourceLimits?: ResourceLimits;
}

/** The job ran past its time budget; its worker was terminated. */
export class WorkerTimeoutError extends Error {}
/** The worker died (out of memory, crash) while running the job. */
export class WorkerCrashError extends Error {}
/** The worker could not be started (a bug or a broken install, not the job's fault). */
export class WorkerStartError extends Error {}
/** Too many jobs are waiting. */
export class WorkerPoolBusyError extends Error {}

interface Pending<Job, Result> {
  job: Job;
  resolve: (result: Result) => void;
  reject: (err: Error) => void;
}

interface Slot<Job, Result> {
  worker: Worker;
  ready: boolean;
  current: (Pending<Job, Result> & { id: number; timer: NodeJS.Timeout }) | null;
  startTimer: NodeJS.Timeout | null;
}

type Reply =
  { ready: true } | { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };

/**
 * CPU-bound work off the event loop: a few reusable worker threads, each running one job at a time
 * under a time budget. A job past its budget has its worker terminated (the only way to stop
 * synchronous code) and a fresh one started; the job is refused with `WorkerTimeoutError`. Idle
 * workers do not keep the process alive.
 */
export class WorkerPool<Job, Result> {
  private readonly slots: Slot<Job, Result>[] = [];
  private readonly queue: Pending<Job, Result>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  run(job: Job): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('worker pool closed'));
    if (this.queue.length >= this.options.maxQueued) return Promise.reject(new WorkerPoolBusyError('busy'));
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates every worker and refuses what is waiting. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('worker pool closed'));
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot, new Error('worker pool closed'))));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.slots.find((s) => s.ready && !s.current);
      if (!idle) {
        const starting = this.slots.filter((s) => !s.ready).length;
        if (this.slots.length < this.options.size && starting < this.queue.length) {
          this.slots.push(this.spawn());
          continue;
        }
        return;
      }
      const pending = this.queue.shift() as Pending<Job, Result>;
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.replace(idle, new WorkerTimeoutError(`job ran longer than ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      idle.current = { ...pending, id, timer };
      idle.worker.ref();
      idle.worker.postMessage({ id, job: pending.job });
    }
  }

  private spawn(): Slot<Job, Result> {
    const worker = startWorker(this.options.entry, this.options.resourceLimits);
    const slot: Slot<Job, Result> = { worker, ready: false, current: null, startTimer: null };
    slot.startTimer = setTimeout(
      () => this.replace(slot, new WorkerStartError('worker did not start in time')),
      this.options.startTimeoutMs ?? 30_000,
    );
    const failed = (message: string): Error =>
      slot.ready ? new WorkerCrashError(message) : new WorkerStartError(message);
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        if (slot.startTimer) clearTimeout(slot.startTimer);
        slot.startTimer = null;
        slot.ready = true;
        worker.unref();
      } else if (slot.current?.id === reply.id) {
        const { resolve, reject, timer } = slot.current;
        clearTimeout(timer);
        slot.current = null;
        worker.unref();
        if (reply.ok) resolve(reply.result as Result);
        else reject(new Error(reply.message));
      }
      this.dispatch();
    });
    worker.on('error', (err: Error) => this.replace(slot, failed(err.message)));
    worker.on('exit', () => this.replace(slot, failed('worker exited')));
    return slot;
  }

  /** Drops a slot (after a timeout, a crash or a failed start) and carries on with a fresh worker. */
  private replace(slot: Slot<Job, Result>, reason: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    // A worker that never started would fail every job the same way: refuse them, not loop.
    if (!slot.ready) for (const pending of this.queue.splice(0)) pending.reject(reason);
    void this.retire(slot, reason);
    if (!this.closed) this.dispatch();
  }

  private async retire(slot: Slot<Job, Result>, reason: Error): Promise<void> {
    if (slot.startTimer) clearTimeout(slot.startTimer);
    if (slot.current) {
      clearTimeout(slot.current.timer);
      slot.current.reject(reason);
      slot.current = null;
    }
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    await slot.worker.terminate();
  }
}

/**
 * Starts the worker module. Under `tsx` and vitest the module is TypeScript, which Node 20 cannot
 * load in a worker (tsx's `--import` hooks do not reach worker threads), so a one-line script
 * loads it through tsx's API; a compiled `.js` module is started directly.
 */
function startWorker(entry: URL, resourceLimits: ResourceLimits | undefined): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const href = JSON.stringify(entry.href);
  const source = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${href}, ${href}))`;
  return new Worker(source, { eval: true, resourceLimits });
}
