import { DomainError } from './errors.ts';
import type { Page, Reference, User } from './model.ts';
import type { DraftSnapshot, NewAuditEntry } from './ports.ts';
import type { ImageRepository } from './imagePorts.ts';
import { hasVisibleText, imageUses } from './documentImages.ts';

/** What the submitter sent with `POST /api/pages/:id/revisions`, beyond the draft itself. */
export interface SubmitRequest {
  message: string;
  /** Faculty/admin: submit despite likely patient identifiers (needs a justification). */
  acknowledgePhi?: boolean;
  justification?: string;
}

/** Everything a pre-submit check may look at; the draft is the snapshot about to be stored. */
export interface SubmissionContext {
  actor: User;
  page: Page;
  snapshot: DraftSnapshot;
  /** The page's reference library. */
  library: Reference[];
  request: SubmitRequest;
  /** Id the revision will be stored under (audit entries may name it). */
  revisionId: string;
  now: number;
}

/** A passed check may ask for audit entries, written in the revision's own transaction. */
export interface SubmissionCheckResult {
  audit?: NewAuditEntry[];
}

/**
 * One link of the pre-submit validator chain: throws a `DomainError` to refuse the submission
 * (nothing is stored), or returns what should be audited with it. Checks run in order; the first
 * refusal wins.
 */
export type SubmissionCheck = (
  context: SubmissionContext,
) => SubmissionCheckResult | void | Promise<SubmissionCheckResult | void>;

/** Citations must point at references the page has (else learners would read "[?]"). */
export const knownCitationsCheck: SubmissionCheck = ({ snapshot, library }) => {
  const known = new Set(library.map((r) => r.id));
  const unknown = [...new Set(snapshot.citations.flatMap((c) => c.refIds))].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new DomainError(
      'unknown_reference',
      'The draft cites references this page does not have (shown as [?]); fix or remove those citations before submitting',
      { refIds: unknown },
    );
  }
};

/** Runs the chain; collects the audit entries the passed checks asked for. */
export async function runSubmissionChecks(
  checks: readonly SubmissionCheck[],
  context: SubmissionContext,
): Promise<NewAuditEntry[]> {
  const audit: NewAuditEntry[] = [];
  for (const check of checks) {
    const result = await check(context);
    if (result?.audit) audit.push(...result.audit);
  }
  return audit;
}

/**
 * Images must show an image of this page (uploaded here, with its attestation) and say what they
 * show (alt text): refused with `unknown_image` / `image_alt_missing` and the blocks concerned.
 */
export function imagesCheck(images: ImageRepository): SubmissionCheck {
  return async ({ snapshot, page }) => {
    const uses = imageUses(snapshot.doc);
    if (uses.length === 0) return;
    const ids = [...new Set(uses.flatMap((u) => (u.imageId ? [u.imageId] : [])))];
    const known = await images.imagesOfPage(page.id, ids);
    const unknown = uses.filter((u) => u.imageId === null || !known.has(u.imageId));
    if (unknown.length > 0) {
      throw new DomainError(
        'unknown_image',
        'The draft shows images that are not images of this page; remove them and upload them here',
        { blockIds: unknown.map((u) => u.blockId) },
      );
    }
    // Alt text of only invisible characters (U+200B, U+00AD, U+3164, a lone combining mark…) says nothing.
    const missing = uses.filter((u) => !hasVisibleText(u.alt));
    if (missing.length > 0) {
      throw new DomainError(
        'image_alt_missing',
        `${missing.length === 1 ? 'An image has' : `${missing.length} images have`} no alt text; describe what each image shows before submitting`,
        { blockIds: missing.map((u) => u.blockId) },
      );
    }
  };
}
