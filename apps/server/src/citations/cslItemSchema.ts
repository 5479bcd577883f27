import type { CslItem } from '@rounds/domain';
import { z } from 'zod';

/**
 * What a stored reference (CSL-JSON) may hold. Every item that reaches storage passes here: typed
 * in (`{csl}`), looked up (DOI/PMID) or imported (BibTeX, RIS, MEDLINE). Unknown fields are
 * dropped, wrong types and oversized values refused.
 *
 * Every string first has its whitespace collapsed to single spaces: citeproc is quadratic in runs
 * of spaces (100,000 spaces made each page view 8 s), and no bibliographic field needs two.
 *
 * Limits, generous for real data and small enough that formatting stays fast:
 * - title ≤ 1,000 characters (the longest PubMed titles are ~600);
 * - container title (journal), its short form, publisher ≤ 500; volume, issue, page, edition ≤ 50;
 * - authors and editors: the first 100 are kept, the rest dropped (Vancouver prints six, then
 *   "et al."; consortium papers list thousands and must still import); each name part ≤ 200
 *   characters, a group (literal) name ≤ 300, particles and suffix ≤ 50;
 * - DOI: `10.<4–9 digits>/<suffix>`, ≤ 300 characters, stored bare (a `doi:` prefix or a
 *   doi.org URL is removed); PMID: 1–9 digits; PMCID: `PMC` + 1–9 digits; URL: http(s), ≤ 2,000;
 * - issued: one date or a range (≤ 2 date-parts of ≤ 3 parts: year, month, day);
 * - type: a CSL type name (lower-case letters and hyphens, ≤ 50).
 */
export const CSL_LIMITS = {
  title: 1_000,
  containerTitle: 500,
  shortField: 50,
  people: 100,
  namePart: 200,
  literalName: 300,
  doi: 300,
  url: 2_000,
} as const;

/** Collapses every run of whitespace (including newlines) to one space and trims. Linear. */
export const collapseWhitespace = (value: string): string => value.replace(/\s+/g, ' ').trim();

const text = (max: number) => z.string().overwrite(collapseWhitespace).max(max);
const shortValue = z.union([text(CSL_LIMITS.shortField), z.number().int().nonnegative()], {
  error: `must be a number or text of at most ${CSL_LIMITS.shortField} characters`,
});

const name = z
  .object({
    family: text(CSL_LIMITS.namePart).optional(),
    given: text(CSL_LIMITS.namePart).optional(),
    literal: text(CSL_LIMITS.literalName).optional(),
    'non-dropping-particle': text(CSL_LIMITS.shortField).optional(),
    'dropping-particle': text(CSL_LIMITS.shortField).optional(),
    suffix: text(CSL_LIMITS.shortField).optional(),
  })
  .refine((n) => Boolean(n.family || n.literal), 'an author needs a family name or a literal name');
const people = z
  .array(z.unknown())
  .transform((list) => list.slice(0, CSL_LIMITS.people))
  .pipe(z.array(name));

const date = z.object({
  'date-parts': z
    .array(
      z
        .array(
          z.union([z.number().int().min(-9999).max(9999), text(10)], {
            error: 'must be a year, month or day',
          }),
        )
        .min(1)
        .max(3),
    )
    .min(1)
    .max(2),
});

// Bounded repetitions only: each runs on at most 300 characters.
const DOI = /10\.\d{4,9}\/\S{1,250}/;
const doi = text(CSL_LIMITS.doi).transform((value, ctx) => {
  const found = DOI.exec(value)?.[0];
  if (found) return found;
  ctx.addIssue({ code: 'custom', message: 'is not a DOI (10.xxxx/…)' });
  return z.NEVER;
});
const pmid = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform(String)
  .pipe(text(20).regex(/^\d{1,9}$/, 'is not a PMID (1 to 9 digits)'));

/** Largest reference, characters of its CSL-JSON (a full record with 100 authors is ~10 KB). */
export const MAX_ITEM_CHARS = 16 * 1024;

/** The CSL-JSON fields Rounds keeps. */
export const CslItemSchema = z
  .object({
    type: z
      .string()
      .trim()
      .regex(/^[a-z-]{1,50}$/, 'is not a CSL type')
      .default('article-journal'),
    title: text(CSL_LIMITS.title).min(1, 'is required'),
    author: people.optional(),
    editor: people.optional(),
    'container-title': text(CSL_LIMITS.containerTitle).optional(),
    'container-title-short': text(CSL_LIMITS.containerTitle).optional(),
    publisher: text(CSL_LIMITS.containerTitle).optional(),
    issued: date.optional(),
    volume: shortValue.optional(),
    issue: shortValue.optional(),
    page: shortValue.optional(),
    edition: shortValue.optional(),
    DOI: doi.optional(),
    PMID: pmid.optional(),
    PMCID: text(20)
      .regex(/^PMC\d{1,9}$/i, 'is not a PMCID (PMC and digits)')
      .optional(),
    URL: text(CSL_LIMITS.url)
      .pipe(z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' }))
      .optional(),
  })
  .refine((item) => JSON.stringify(item).length <= MAX_ITEM_CHARS, {
    // Each field may sit at its limit, but not all at once: 500 such items made a page's reference
    // library 100 MB, and every read of it held the server for a second.
    message: `is too large (at most ${MAX_ITEM_CHARS / 1024} KB as CSL-JSON)`,
  });

/** The item as stored, or the first problem in words ("title: too long (at most 1000 characters)"). */
export function validateCslItem(raw: unknown): { item: CslItem } | { problem: string } {
  const parsed = CslItemSchema.safeParse(raw);
  if (parsed.success) return { item: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { problem: 'is not a reference' };
  const path = issue.path.map(String).join('.');
  const message =
    issue.code === 'too_big' && issue.origin === 'string'
      ? `too long (at most ${String(issue.maximum)} characters)`
      : issue.message;
  return { problem: path ? `${path}: ${message}` : message };
}

/**
 * A stored item made safe to format, field by field: what passes the schema is kept, what does
 * not is dropped (a title is cut to its limit). References stored before these limits existed
 * still format, and fast.
 */
export function formattableCsl(raw: unknown): CslItem {
  const whole = CslItemSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const item: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(CslItemSchema.shape)) {
    if (source[key] === undefined) continue;
    const parsed = (field as z.ZodType).safeParse(source[key]);
    if (parsed.success) item[key] = parsed.data;
  }
  const title = typeof source.title === 'string' ? collapseWhitespace(source.title) : '';
  return {
    ...item,
    type: typeof item.type === 'string' ? item.type : 'article-journal',
    title:
      typeof item.title === 'string' ? item.title : title.slice(0, CSL_LIMITS.title) || 'Untitled reference',
  };
}
