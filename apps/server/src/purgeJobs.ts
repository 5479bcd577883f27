import type { PurgedContent } from '@rounds/domain';
import {
  freshDocument,
  materializeState,
  purgeDocument,
  updatesHold,
  type PurgedDocument,
} from '@rounds/editor/server';
import type { JSONContent } from '@tiptap/core';

/** The heavy steps of a purge, run on the purge worker (or in process when it is unavailable). */
export type PurgeJob =
  | { kind: 'materialize'; state: Uint8Array }
  | { kind: 'purge'; doc: unknown; yjsState: Uint8Array; text: string; avoid: number[] }
  | { kind: 'rebuild'; doc: unknown; avoid: number[] }
  | { kind: 'holds'; updates: Uint8Array[]; text: string };

export type PurgeJobResult = { doc: unknown } | PurgedContent | { holds: boolean } | null;

const toContent = (d: PurgedDocument): PurgedContent => ({
  doc: d.doc,
  text: d.text,
  blocks: d.blocks,
  yjsState: d.yjsState,
  clientId: d.clientId,
});

export function runPurgeJob(job: PurgeJob): PurgeJobResult {
  switch (job.kind) {
    case 'materialize':
      return { doc: materializeState(job.state).doc };
    case 'purge': {
      const purged = purgeDocument({ doc: job.doc, yjsState: job.yjsState }, job.text, new Set(job.avoid));
      return purged ? toContent(purged) : null;
    }
    case 'rebuild':
      return toContent(freshDocument(job.doc as JSONContent, new Set(job.avoid)));
    case 'holds':
      return { holds: updatesHold(job.updates, job.text) };
  }
}
