import { parentPort } from 'node:worker_threads';
import type { CslItem } from '@rounds/domain';
import { formatVancouver } from './formatVancouver.ts';
import { parseReferences } from './parseReferences.ts';

/** What the citation worker does: everything citation-js and our parsers spend CPU on. */
export type CitationJob =
  { kind: 'parse'; text: string; maxEntries: number } | { kind: 'format'; items: unknown[] };
/** A parse job answers `ParsedReferences`; a format job one string per item. */
export interface ParsedReferences {
  items: CslItem[];
  errors: string[];
}

// The entry of the citation worker thread (see WorkerPool): one job at a time, answered by id.
const port = parentPort;
if (port) {
  port.on('message', ({ id, job }: { id: number; job: CitationJob }) => {
    try {
      const result =
        job.kind === 'parse' ? parseReferences(job.text, job.maxEntries) : formatVancouver(job.items);
      port.postMessage({ id, ok: true, result });
    } catch (err: unknown) {
      port.postMessage({ id, ok: false, message: err instanceof Error ? err.message : 'failed' });
    }
  });
  port.postMessage({ ready: true });
}
