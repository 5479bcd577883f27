import { z } from 'zod';

/** Limits of the professionalism features (guidelines, reports), read by both sides. */
export const PROFESSIONALISM_LIMITS = {
  guidelinesMarkdownMax: 20_000,
  reportNoteMax: 2_000,
  reportQuoteMax: 300,
  resolutionReasonMax: 500,
  blockIdMax: 100,
  /** Reports one person may file per hour. */
  reportsPerHour: 20,
} as const;

export const REPORT_REASONS = ['patient_information', 'unprofessional', 'copyright', 'inaccurate'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  patient_information: 'Patient information',
  unprofessional: 'Unprofessional conduct',
  copyright: 'Copyright',
  inaccurate: 'Inaccurate content',
};

/**
 * `hide` hides the reported comment (comment reports only); `dismiss` closes the report without
 * action; `resolved` records that it was acted upon elsewhere (a page edited or purged).
 */
export const RESOLVE_ACTIONS = ['hide', 'dismiss', 'resolved'] as const;
export type ResolveAction = (typeof RESOLVE_ACTIONS)[number];

const L = PROFESSIONALISM_LIMITS;

/**
 * The shape of a block id a report may point at: the editor's (Tiptap UniqueID, a UUID v4), or one
 * the server derives for a block written without one (`y<client>-<clock>`, `pos-<n>`) or marks a
 * cut document with. Nothing else: a free-text "block id" would carry whatever was typed into it.
 */
export const BLOCK_ID_PATTERN =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|y\d{1,16}-\d{1,16}|pos-\d{1,9}|rounds-truncated)$/;

/** True for a string shaped like a block id (see `BLOCK_ID_PATTERN`). */
export const isBlockIdShaped = (value: string): boolean =>
  value.length <= L.blockIdMax && BLOCK_ID_PATTERN.test(value);

export const UpdateGuidelinesRequest = z.object({
  // Lengths are the domain's to check (413, never truncated); here only shape and type.
  markdown: z.string(),
  enforce: z.boolean(),
});

export const AcknowledgeRequest = z.object({ version: z.number().int().positive() });

export const CreateReportRequest = z.object({
  targetType: z.enum(['comment', 'page']),
  targetId: z.string().min(1).max(100),
  blockId: z.string().max(L.blockIdMax).refine(isBlockIdShaped, 'is not a block id of the page').optional(),
  quote: z.string().optional(),
  reason: z.enum(REPORT_REASONS),
  note: z.string().default(''),
});

export const ResolveReportRequest = z.object({
  action: z.enum(RESOLVE_ACTIONS),
  reason: z.string().trim().min(1).max(L.resolutionReasonMax),
});

export const ReportStateFilter = z.enum(['open', 'resolved', 'all']).default('open');
