import { z } from 'zod';

/** Bounds of a purge request (`POST /api/pages/:id/purge`). */
export const PURGE_LIMITS = {
  textMax: 1_000,
  reasonMin: 10,
  reasonMax: 1_000,
} as const;

/** `POST /api/pages/:id/purge` body. The text is matched exactly (case-sensitive) after trimming. */
export const PurgeTextRequest = z
  .object({
    text: z.string().max(PURGE_LIMITS.textMax * 4),
    reason: z.string().max(PURGE_LIMITS.reasonMax * 4),
  })
  .strict();
export type PurgeTextRequest = z.infer<typeof PurgeTextRequest>;

/** `POST /api/pages/:id/purge` answer. */
export interface PurgeTextResponse {
  updatesRewritten: number;
  revisionsPurged: number;
  /**
   * Present (true) when a reader holding an old snapshot kept the bytes in the WAL: the purge has
   * committed; the server truncates the WAL once it can and audits `page.purge_disk_scrubbed`.
   */
  diskScrubPending?: true;
}

/** What the web app tells an editor whose page was rewritten by a purge (close code 4409). */
export const PAGE_REWRITTEN_MESSAGE =
  "An admin removed text from this page's history; the page was reloaded.";
