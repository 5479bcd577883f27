import { PURGE_LIMITS } from '@rounds/shared';
import { auditEntry } from './audit.ts';
import { DomainError, forbidden } from './errors.ts';
import type { User } from './model.ts';
import type { PageEvents } from './pageEvents.ts';
import type { PageService } from './PageService.ts';
import { policy } from './policy.ts';
import type { PhiScanner } from './phiCheck.ts';
import { slugify } from './slugify.ts';
import type { Clock } from './ports.ts';
import type { ContentPurger, DraftRewriter, PurgedContent, PurgeRepository } from './purgePorts.ts';

export interface PurgeInput {
  text: string;
  reason: string;
}

export interface PurgeResult {
  updatesRewritten: number;
  revisionsPurged: number;
  /** How the bytes were made to leave the files (for the log): whether VACUUM ran, how long it all took. */
  disk: { vacuumed: boolean; ms: number; pending: boolean };
}

/** A lone surrogate half: not text, and not encodable as UTF-8 (so never found in the files). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/** The text and reason of a purge request, checked; throws validation_failed. */
export function validatePurge(input: PurgeInput): PurgeInput {
  const text = input.text.trim();
  const reason = input.reason.trim();
  if (text.length === 0) throw new DomainError('validation_failed', 'Enter the text to remove');
  if (text.length > PURGE_LIMITS.textMax)
    throw new DomainError('validation_failed', `The text is longer than ${PURGE_LIMITS.textMax} characters`);
  if (!wellFormed(text)) throw new DomainError('validation_failed', 'The text is not valid Unicode');
  if (reason.length < PURGE_LIMITS.reasonMin)
    throw new DomainError(
      'validation_failed',
      `Give a reason of at least ${PURGE_LIMITS.reasonMin} characters (it is kept in the audit log)`,
    );
  if (reason.length > PURGE_LIMITS.reasonMax)
    throw new DomainError(
      'validation_failed',
      `The reason is longer than ${PURGE_LIMITS.reasonMax} characters`,
    );
  if (!wellFormed(reason)) throw new DomainError('validation_failed', 'The reason is not valid Unicode');
  // The audit log keeps the reason for good: it must not become a copy of what is being removed,
  // also not with another case, a non-breaking or zero-width space, or another Unicode form.
  if (foldForComparison(reason).includes(foldForComparison(text)))
    throw new DomainError('validation_failed', 'The reason must not repeat the text being removed');
  return { text, reason };
}

/**
 * A string folded for "does one hold the other" checks: NFKC, case-folded, format characters
 * (zero-width spaces and joiners, soft hyphens) removed, whitespace runs (NBSP included) one space.
 */
export function foldForComparison(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{Cf}+/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Removes a text (patient information, typically) from a page's whole history: the live draft is
 * rebuilt from its cleaned content as a fresh document, the update log's bytes and earlier
 * snapshots are dropped, every revision that held it is rewritten (metadata, reviews and sign-offs
 * kept, marked purged), the page's other text is scrubbed, and the bytes are made to leave the
 * database files. One transaction for every write: a failed purge changes nothing. Audited with
 * the reason and counts, never the text.
 */
export class PurgeService {
  /** Pages being purged: a second purge of one waits for nothing, it is refused. */
  private readonly running = new Set<string>();

  constructor(
    private readonly pages: PageService,
    private readonly store: PurgeRepository,
    private readonly drafts: DraftRewriter,
    private readonly purger: ContentPurger,
    private readonly clock: Clock,
    private readonly events?: PageEvents,
    /** The patient-identifier detector: a reason holding identifiers is refused (it is kept for good). */
    private readonly phi?: PhiScanner,
  ) {}

  async purge(actor: User, ref: string, input: PurgeInput): Promise<PurgeResult> {
    if (!policy.canPurgeText(actor.role)) throw forbidden('Only an admin can purge text from history');
    const { text, reason } = validatePurge(input);
    const found = this.phi ? await this.phi.scan([{ blockId: 'reason', text: reason }], []) : [];
    if (found.length > 0)
      throw new DomainError(
        'validation_failed',
        `The reason seems to contain patient identifiers (${[...new Set(found.map((f) => f.kind))].join(', ')}); the audit log keeps it for good, so describe why without them`,
      );
    const page = await this.pages.getPage(actor, ref);
    if (this.running.has(page.id))
      throw new DomainError('conflict', 'A purge of this page is already running; try again when it ends');
    this.running.add(page.id);
    try {
      const holds = {
        text: (value: string) => this.purger.textHolds(value, text),
        json: (value: string) => this.purger.jsonTextHolds(value, text),
      };
      const { counts, revisionIds } = await this.drafts.rewriteDraft(page.id, async (draft) => {
        const avoid = new Set(this.purger.clientIdsOf(draft.yjsState));
        const revisions: { id: string; content: PurgedContent }[] = [];
        const examinedRevisionIds = await this.store.revisionIds(page.id);
        for (const id of examinedRevisionIds) {
          const content = await this.store.revisionContent(id);
          if (!content) continue;
          for (const client of this.purger.clientIdsOf(content.yjsState)) avoid.add(client);
          const purged = await this.purger.purgeDocument(content, text, avoid);
          if (purged) revisions.push({ id, content: purged });
          // One revision per turn: a page with many big revisions must not hold the event loop.
          await nextTurn();
        }
        const current = {
          yjsState: draft.yjsState,
          doc: (await this.purger.materialize(draft.yjsState)).doc,
        };
        const draftPurged = await this.purger.purgeDocument(current, text, avoid);
        const found =
          draftPurged !== null ||
          revisions.length > 0 ||
          (await this.store.otherTextHolds(page.id, holds)) ||
          (await this.purger.updatesHold(await this.store.logUpdates(page.id), text));
        if (!found)
          throw new DomainError(
            'not_found',
            'That text was not found in this page or its history; nothing was changed',
          );
        // Rebuilt even when the current draft does not hold it: deleted text lives on in the log.
        const fresh = draftPurged ?? (await this.purger.rebuild(current, avoid));
        const counts = await this.store.purgePage({
          pageId: page.id,
          text,
          purgedAt: this.clock.now(),
          draft: fresh.yjsState,
          replacedClientIds: [...avoid],
          revisions,
          examinedRevisionIds,
          purgeString: (value) => this.purger.purgeString(value, text),
          purgeJsonText: (json) => this.purger.purgeJsonText(json, text),
          holds,
          slugPart: /[a-z0-9]/.test(slugify(text)) && slugify(text) !== 'page' ? slugify(text) : null,
          slugFor: slugify,
          audit: (c) =>
            auditEntry(this.clock, actor.id, 'page.purged', `page:${page.id}`, {
              reason,
              updatesRewritten: c.updatesRewritten,
              revisionsPurged: c.revisionsPurged,
              fieldsScrubbed: c.fieldsScrubbed,
              revisionIds: revisions.map((r) => r.id),
            }),
        });
        return { counts, revisionIds: revisions.map((r) => r.id) };
      });
      this.events?.announce({ kind: 'purged', pageId: page.id, revisionIds });
      const disk = await this.store.scrubDisk(text, (done) =>
        auditEntry(this.clock, actor.id, 'page.purge_disk_scrubbed', `page:${page.id}`, done),
      );
      return { updatesRewritten: counts.updatesRewritten, revisionsPurged: counts.revisionsPurged, disk };
    } finally {
      this.running.delete(page.id);
    }
  }
}
