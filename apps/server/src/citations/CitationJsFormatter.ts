import { createHash } from 'node:crypto';
import { DomainError, type CslItem, type ReferenceFormatter } from '@rounds/domain';
import type { CitationJob, ParsedReferences } from './citationWorker.ts';
import { collapseWhitespace, CSL_LIMITS } from './cslItemSchema.ts';
import { LruCache } from './LruCache.ts';
import { WorkerCrashError, WorkerPool, WorkerPoolBusyError, WorkerTimeoutError } from './WorkerPool.ts';

export interface CitationFormatterOptions {
  /** Worker threads that parse and format (default 2: one hostile import cannot stall the rest). */
  workers?: number;
  /** Time budget of one import's parsing, and of one batch of formatting (default 2 s). */
  timeoutMs?: number;
}

/** Items hashed between two turns of the event loop. */
const HASH_SLICE = 100;
/** Items per formatting job: ~3 ms each, so a batch stays far inside the time budget. */
const FORMAT_BATCH = 50;
/**
 * Formatted texts remembered (keyed by a hash of the item's JSON, so an edited item is a new
 * entry): every reference of a few hundred busy pages, ≤ 10 MB of text.
 */
const CACHE_ENTRIES = 20_000;
const CACHE_CHARS = 5_000_000;

/**
 * Reference import and Vancouver formatting with citation-js (MIT) and its CSL engine, run in
 * worker threads so that no request holds the event loop: parsing has a time budget (the worker
 * is terminated past it and the import refused), formatted text is cached per item version.
 */
export class CitationJsFormatter implements ReferenceFormatter {
  private readonly pool: WorkerPool<CitationJob, unknown>;
  private readonly timeoutMs: number;
  private readonly cache = new LruCache<string, string>(CACHE_ENTRIES, CACHE_CHARS, (t) => t.length);

  constructor(options: CitationFormatterOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.pool = new WorkerPool({
      entry: new URL(`./citationWorker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
      size: options.workers ?? 2,
      timeoutMs: this.timeoutMs,
      maxQueued: 64,
      // Far above what the largest import needs; a worker past it dies (the import is refused), not the server.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
  }

  async formatVancouver(items: readonly CslItem[]): Promise<string[]> {
    const keys: string[] = [];
    for (const item of items) {
      // Callers read and write storage just before (~10 ms for 500 references) and hashing 500
      // items takes ~5 ms, more on a busy machine: let other requests in first and in between.
      if (keys.length % HASH_SLICE === 0 && items.length > 1) await new Promise((r) => setImmediate(r));
      keys.push(cacheKey(item));
    }
    const texts = keys.map((key) => this.cache.get(key));
    const missing = new Map<string, CslItem>();
    keys.forEach((key, i) => {
      const item = items[i];
      if (texts[i] === undefined && item) missing.set(key, item);
    });
    const batches: [string, CslItem][][] = [];
    for (const entry of missing) {
      const last = batches.at(-1);
      if (last && last.length < FORMAT_BATCH) last.push(entry);
      else batches.push([entry]);
    }
    const fresh = new Map<string, string>();
    await Promise.all(
      batches.map(async (batch) => {
        try {
          const formatted = (await this.pool.run({
            kind: 'format',
            items: batch.map(([, item]) => item),
          })) as string[];
          batch.forEach(([key], i) => {
            const text = formatted[i];
            if (typeof text !== 'string') return;
            fresh.set(key, text);
            this.cache.set(key, text);
          });
        } catch {
          // Busy or over budget: those items show as plain titles this time, and are retried next time.
        }
      }),
    );
    return keys.map((key, i) => texts[i] ?? fresh.get(key) ?? plainText(items[i]));
  }

  async parse(text: string, maxEntries: number): Promise<ParsedReferences> {
    try {
      return (await this.pool.run({ kind: 'parse', text, maxEntries })) as ParsedReferences;
    } catch (err: unknown) {
      if (err instanceof WorkerTimeoutError) {
        throw new DomainError(
          'too_large',
          `Reading this import took longer than ${this.timeoutMs / 1000} s, so it was stopped; import fewer or smaller entries at a time`,
        );
      }
      if (err instanceof WorkerCrashError) {
        throw new DomainError(
          'too_large',
          "This import could not be read within the server's limits; import fewer or smaller entries at a time",
        );
      }
      if (err instanceof WorkerPoolBusyError) {
        throw new DomainError('rate_limited', 'The server is reading other imports; try again in a moment');
      }
      throw err;
    }
  }

  /** Stops the worker threads. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * A key per item version: SHA-256 of its JSON. A stored item always serializes the same way (and
 * was normalized when it was stored), so equal versions share a key; an edit makes a new one.
 */
function cacheKey(item: CslItem): string {
  return createHash('sha256').update(JSON.stringify(item)).digest('base64');
}

/** What a reference shows when formatting is unavailable: its title. */
function plainText(item: CslItem | undefined): string {
  const title = typeof item?.title === 'string' ? collapseWhitespace(item.title) : '';
  return title.slice(0, CSL_LIMITS.title) || 'Unreadable reference';
}
