import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ContentPurger, PurgedContent } from '@rounds/domain';
import { foldedHolds, jsonHolds, purgeJson, purgeString, stateClientIds } from '@rounds/editor/server';
import { runPurgeJob, type PurgeJob, type PurgeJobResult } from './purgeJobs.ts';

/** A job running longer than this fails the purge (nothing is written then). */
const JOB_TIMEOUT_MS = 60_000;
/** The worker is ended this long after its last job: purges are rare. */
const IDLE_MS = 30_000;

/**
 * The purge's document work (materializing a draft, cleaning a document and writing it into a
 * fresh Y.Doc: ~0.4 s for a 500-paragraph page) on a worker thread, so the event loop keeps
 * serving everyone else while an admin purges. Jobs run one at a time; when no worker can be
 * started they run in process (same answers).
 */
export class WorkerContentPurger implements ContentPurger {
  private worker: Worker | null = null;
  private broken = false;
  private chain: Promise<unknown> = Promise.resolve();
  private idle: NodeJS.Timeout | null = null;

  materialize(state: Uint8Array): Promise<{ doc: unknown }> {
    return this.run({ kind: 'materialize', state }) as Promise<{ doc: unknown }>;
  }

  purgeDocument(
    content: { doc: unknown; yjsState: Uint8Array },
    text: string,
    avoid: ReadonlySet<number>,
  ): Promise<PurgedContent | null> {
    return this.run({
      kind: 'purge',
      doc: content.doc,
      yjsState: content.yjsState,
      text,
      avoid: [...avoid],
    }) as Promise<PurgedContent | null>;
  }

  rebuild(
    content: { doc: unknown; yjsState: Uint8Array },
    avoid: ReadonlySet<number>,
  ): Promise<PurgedContent> {
    return this.run({ kind: 'rebuild', doc: content.doc, avoid: [...avoid] }) as Promise<PurgedContent>;
  }

  async updatesHold(updates: readonly Uint8Array[], text: string): Promise<boolean> {
    const result = (await this.run({ kind: 'holds', updates: [...updates], text })) as { holds: boolean };
    return result.holds;
  }

  clientIdsOf(yjsState: Uint8Array): number[] {
    return stateClientIds(yjsState);
  }

  textHolds(value: string, text: string): boolean {
    return foldedHolds(value, text);
  }

  jsonTextHolds(json: string, text: string): boolean {
    try {
      return jsonHolds(JSON.parse(json) as unknown, text);
    } catch {
      return foldedHolds(json, text);
    }
  }

  purgeString(value: string, text: string): string {
    return purgeString(value, text);
  }

  purgeJsonText(json: string, text: string): string {
    try {
      return JSON.stringify(purgeJson(JSON.parse(json) as unknown, text));
    } catch {
      // Not JSON after all: scrubbed as text, which still removes every occurrence.
      return purgeString(json, text);
    }
  }

  close(): void {
    if (this.idle) clearTimeout(this.idle);
    void this.worker?.terminate();
    this.worker = null;
  }

  private run(job: PurgeJob): Promise<PurgeJobResult> {
    const next = this.chain.then(
      () => this.post(job),
      () => this.post(job),
    );
    this.chain = next.catch(() => undefined);
    return next;
  }

  private post(job: PurgeJob): Promise<PurgeJobResult> {
    if (this.idle) clearTimeout(this.idle);
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(runPurgeJob(job));
    return new Promise<PurgeJobResult>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        this.idle = setTimeout(() => this.close(), IDLE_MS);
        this.idle.unref();
      };
      const onMessage = (m: { result?: PurgeJobResult; error?: true }): void => {
        done();
        if (m.error) reject(new Error('the purge worker failed on a document'));
        else resolve(m.result ?? null);
      };
      const onExit = (): void => {
        done();
        this.worker = null;
        reject(new Error('the purge worker stopped'));
      };
      const timer = setTimeout(() => {
        done();
        this.close();
        reject(new Error('the purge worker timed out'));
      }, JOB_TIMEOUT_MS);
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
  }

  private ensureWorker(): Worker | null {
    if (this.worker || this.broken) return this.worker;
    try {
      // Booted through tsx like the materializer's worker (see DraftMaterializer.ensureWorker).
      const tsxCjs = createRequire(import.meta.url).resolve('tsx/esm/api');
      const tsxApi = pathToFileURL(join(dirname(tsxCjs), 'index.mjs')).href;
      const entry = new URL('./purgeWorker.ts', import.meta.url).href;
      const boot = `import(${JSON.stringify(tsxApi)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
      const worker = new Worker(boot, { eval: true });
      worker.unref();
      worker.on('error', () => {
        if (this.worker === worker) this.worker = null;
        this.broken = true;
      });
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return null;
    }
  }
}
