import { DomainError } from './errors.ts';
import type { Reference } from './model.ts';
import { policy } from './policy.ts';
import type { SubmissionCheck } from './submissionChecks.ts';

/** One likely identifier as the submitter is shown it: masked, never the identifier itself. */
export interface PhiFindingView {
  kind: string;
  excerpt: string;
  blockId: string;
}

/** The detector, injected so the domain stays free of it (the server passes `@rounds/phi`). */
export interface PhiScanner {
  scan(blocks: { blockId: string; text: string }[], allowNames: string[]): Promise<PhiFindingView[]>;
  /** The text with every identifier replaced by its masked excerpt (for justifications). */
  redact(text: string): string;
}

/** The block id a finding in the page title carries. */
export const TITLE_BLOCK_ID = 'title';
/** A refusal lists at most this many findings (a hostile draft may hold thousands). */
export const MAX_FINDINGS_SHOWN = 100;
export const MIN_JUSTIFICATION = 20;

/** Reference-list authors: "Lip GY" is an author of the page, not a patient. */
export function referenceAuthorNames(library: readonly Reference[]): string[] {
  const names: string[] = [];
  for (const reference of library) {
    const authors = (reference.csl as { author?: unknown }).author;
    if (!Array.isArray(authors)) continue;
    for (const author of authors.slice(0, 500)) {
      if (typeof author !== 'object' || author === null) continue;
      const { family, given, literal } = author as Record<string, unknown>;
      const parts = [family, given, literal].filter((p): p is string => typeof p === 'string');
      if (parts.length > 0) names.push(parts.join(' ').slice(0, 200));
    }
  }
  return names;
}

/** "person_name: 2, medical_record_number: 1", for the audit entry: kinds and counts, no text. */
/** Most link targets read per block: hrefs are ≤ 2,048 characters (attribute bounds). */
const MAX_HREFS_PER_BLOCK = 50;

/**
 * The link targets of each top-level block of a ProseMirror JSON document: a record URL can hide
 * behind innocent link text ("see chart"), which the block's text alone never shows. Iterative and
 * linear in the document's size.
 */
export function linkTargetsByBlock(doc: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const top = (doc as { content?: unknown } | null)?.content;
  if (!Array.isArray(top)) return out;
  for (const block of top as unknown[]) {
    const id = (block as { attrs?: { id?: unknown } } | null)?.attrs?.id;
    if (typeof id !== 'string') continue;
    const hrefs: string[] = [];
    const stack: unknown[] = [block];
    while (stack.length > 0 && hrefs.length < MAX_HREFS_PER_BLOCK) {
      const node = stack.pop() as { marks?: unknown; content?: unknown } | null;
      if (typeof node !== 'object' || node === null) continue;
      if (Array.isArray(node.marks)) {
        for (const mark of node.marks as { type?: unknown; attrs?: { href?: unknown } }[]) {
          const href = mark?.type === 'link' ? mark.attrs?.href : undefined;
          if (typeof href === 'string' && !hrefs.includes(href)) hrefs.push(href);
        }
      }
      // A loop, not a spread: a block may hold more children than a call takes arguments.
      if (Array.isArray(node.content)) for (const child of node.content as unknown[]) stack.push(child);
    }
    if (hrefs.length > 0) out.set(id, hrefs);
  }
  return out;
}

function countKinds(findings: readonly PhiFindingView[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return counts;
}

/**
 * The patient-identifier guard: refuses a draft (or title) with likely identifiers with
 * `phi_detected` and masked findings. Faculty and admins may submit anyway with
 * `acknowledgePhi` and a justification; that is audited with the kinds and counts found. A
 * student's acknowledgement changes nothing: they are shown the findings to fix.
 */
export function phiSubmissionCheck(
  scanner: PhiScanner,
  rosterNames: () => Promise<string[]>,
): SubmissionCheck {
  return async ({ actor, page, snapshot, library, request, revisionId, now }) => {
    const blocks = [
      { blockId: TITLE_BLOCK_ID, text: page.title },
      ...snapshot.blocks.map((b) => ({ blockId: b.id, text: b.text })),
    ];
    // Link targets are read too, as their own pieces of the block (never glued onto its text).
    for (const [blockId, hrefs] of linkTargetsByBlock(snapshot.doc)) {
      for (const href of hrefs) blocks.push({ blockId, text: href });
    }
    const allowNames = [...referenceAuthorNames(library), ...(await rosterNames())];
    const findings = await scanner.scan(blocks, allowNames);
    if (findings.length === 0) return;
    const mayOverride = policy.canReview(actor.role);
    if (request.acknowledgePhi && mayOverride) {
      const justification = (request.justification ?? '').trim();
      if (justification.length < MIN_JUSTIFICATION) {
        throw new DomainError(
          'validation_failed',
          `Submitting despite likely patient identifiers needs a justification of at least ${MIN_JUSTIFICATION} characters`,
        );
      }
      return {
        audit: [
          {
            at: now,
            actor: actor.id,
            action: 'revision.phi_acknowledged',
            target: `revision:${revisionId}`,
            data: {
              pageId: page.id,
              kinds: countKinds(findings),
              findings: findings.length,
              // Faculty wrote it, but it might quote what was found: identifiers are masked.
              justification: scanner.redact(justification).slice(0, 1_000),
            },
          },
        ],
      };
    }
    throw new DomainError(
      'phi_detected',
      mayOverride
        ? 'The draft seems to contain patient identifiers; remove them, or acknowledge them with a justification'
        : 'The draft seems to contain patient identifiers; remove them before submitting for review',
      {
        findings: findings
          .slice(0, MAX_FINDINGS_SHOWN)
          .map(({ kind, excerpt, blockId }) => ({ kind, excerpt, blockId })),
        ...(findings.length > MAX_FINDINGS_SHOWN ? { more: findings.length - MAX_FINDINGS_SHOWN } : {}),
      },
    );
  };
}
