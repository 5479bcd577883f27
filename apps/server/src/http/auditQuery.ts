import type { AuditMatch, AuditQuery } from '@rounds/domain';
import { z } from 'zod';

/** The most entries one page of the audit list holds (the bound before filters existed; kept). */
export const AUDIT_PAGE_MAX = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const EPOCH_MS = /^\d{1,15}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/**
 * A bound on `at`: epoch milliseconds, an ISO date (a `to` date covers that whole UTC day) or an
 * ISO date-time (UTC when it names no offset). Anything else is refused.
 */
function instant(edge: 'from' | 'to') {
  return z
    .string()
    .max(40)
    .transform((raw, ctx) => {
      let ms = Number.NaN;
      if (EPOCH_MS.test(raw)) ms = Number(raw);
      else if (ISO_DATE.test(raw)) ms = Date.parse(`${raw}T00:00:00Z`) + (edge === 'to' ? DAY_MS - 1 : 0);
      else if (ISO_DATE_TIME.test(raw)) ms = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(raw) ? raw : `${raw}Z`);
      if (!Number.isFinite(ms)) {
        ctx.addIssue({ code: 'custom', message: 'expected an ISO date or epoch milliseconds' });
        return z.NEVER;
      }
      return ms;
    });
}

/** `auth.` or `auth.*`: every action of that noun; anything else: that action exactly. */
function match(prefixEnd: string) {
  return z
    .string()
    .min(1)
    .max(200)
    .transform((raw): AuditMatch => {
      if (raw.endsWith('*')) return { prefix: raw.slice(0, -1) };
      return raw.endsWith(prefixEnd) ? { prefix: raw } : { exact: raw };
    });
}

const seq = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const Schema = z
  .object({
    action: match('.').optional(),
    actor: z.string().min(1).max(100).optional(),
    target: match(':').optional(),
    from: instant('from').optional(),
    to: instant('to').optional(),
    after: seq.optional(),
    before: seq.optional(),
    order: z.enum(['asc', 'desc']).optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(200),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: '`from` is after `to`',
    path: ['from'],
  });

/**
 * The audit list's query string. Oldest first by default, as the list has always been (scripts
 * page forward with `after`); `before` alone (paging back) or `order=desc` gives newest first.
 */
export function parseAuditQuery(query: unknown): AuditQuery {
  const q = Schema.parse(query);
  return {
    ...(q.action ? { action: q.action } : {}),
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.target ? { target: q.target } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
    ...(q.after !== undefined ? { afterSeq: q.after } : {}),
    ...(q.before !== undefined ? { beforeSeq: q.before } : {}),
    order: q.order ?? (q.before !== undefined && q.after === undefined ? 'desc' : 'asc'),
    limit: q.limit,
  };
}
