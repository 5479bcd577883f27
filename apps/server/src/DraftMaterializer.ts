import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MaterializedDraft } from '@rounds/domain';
import { materializeState } from '@rounds/editor/server';

/** Below this encoded size a draft is materialized in process: the worker round trip costs more. */
const WORKER_MIN_BYTES = 256 * 1024;

/**
 * Materializes encoded draft states. A big one (a 15 MB draft: ~380 ms of materializing) goes to
 * one worker thread, so the event loop pays only the encode before and the structured clone of
 * the result after (~25 ms for 15 MB). Small states, and every state once the worker has failed
 * to start or crashed, are materialized in process: the answer is the same either way.
 */
export class DraftMaterializer {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { state: Uint8Array; resolve: (d: MaterializedDraft) => void }
  >();

  materialize(state: Uint8Array): Promise<MaterializedDraft> {
    if (state.byteLength < WORKER_MIN_BYTES || this.broken) return Promise.resolve(materializeState(state));
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(materializeState(state));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, { state, resolve });
      worker.ref();
      worker.postMessage({ id, state });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.broken = true;
    if (worker) await worker.terminate();
    this.failWaiting();
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
      worker.on('message', (m: { id: number; draft?: MaterializedDraft; error?: true }) => {
        const waiter = this.waiting.get(m.id);
        if (!waiter) return;
        this.waiting.delete(m.id);
        if (this.waiting.size === 0) worker.unref();
        waiter.resolve(m.draft ?? materializeState(waiter.state));
      });
      const fail = (): void => {
        if (this.worker !== worker) return;
        this.worker = null;
        this.broken = true;
        this.failWaiting();
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return null;
    }
  }

  /** Whatever was sent to a worker that is gone is materialized here instead. */
  private failWaiting(): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) w.resolve(materializeState(w.state));
  }
}
