import {
  isBlockIdShaped,
  PROFESSIONALISM_LIMITS,
  type ReportReason,
  type ResolveAction,
} from '@rounds/shared';
import { auditEntry } from './audit.ts';
import { DomainError, forbidden, notFound } from './errors.ts';
import type { User } from './model.ts';
import type { ContentVersion, PageService } from './PageService.ts';
import { policy } from './policy.ts';
import type { Clock, IdGenerator } from './ports.ts';
import type { Report, ReportListing, ReportRepository, ReportTargetType } from './professionalismPorts.ts';
import { SlidingWindowLimit } from './rateLimit.ts';

export interface NewReportInput {
  targetType: ReportTargetType;
  targetId: string;
  blockId?: string | undefined;
  quote?: string | undefined;
  reason: ReportReason;
  note: string;
}

/** Longest list the moderation queue answers with. */
const LIST_MAX = 500;

/**
 * Reports of comments and of passages of pages, and their moderation by faculty. Anyone signed in
 * may report what they can see; faculty and admins hide a reported comment, dismiss a report or
 * mark it resolved. Each step is written with its audit entry in one transaction, and the audit
 * holds ids and reason codes only, never the note, the comment or the moderator's words.
 */
export class ReportService {
  private readonly perPerson: SlidingWindowLimit;

  constructor(
    private readonly reports: ReportRepository,
    private readonly pages: PageService,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {
    this.perPerson = new SlidingWindowLimit(
      {
        limit: PROFESSIONALISM_LIMITS.reportsPerHour,
        windowMs: 60 * 60_000,
        message: 'Too many reports in the last hour; try again later',
      },
      clock,
    );
  }

  async create(actor: User, input: NewReportInput): Promise<Report> {
    const note = input.note.trim();
    if (note.length > PROFESSIONALISM_LIMITS.reportNoteMax) {
      throw new DomainError(
        'too_large',
        `A note may have at most ${PROFESSIONALISM_LIMITS.reportNoteMax} characters`,
      );
    }
    if ((input.quote ?? '').length > PROFESSIONALISM_LIMITS.reportQuoteMax) {
      throw new DomainError(
        'too_large',
        `A quote may have at most ${PROFESSIONALISM_LIMITS.reportQuoteMax} characters`,
      );
    }
    let pageId: string;
    let commentId: string | null = null;
    if (input.targetType === 'comment') {
      // Comments never reach learners, but the id is unguessable: whoever holds one was shown it.
      const target = await this.reports.findCommentTarget(input.targetId);
      if (!target) throw notFound('Comment');
      pageId = target.pageId;
      commentId = target.commentId;
    } else {
      pageId = (await this.pages.getPage(actor, input.targetId)).id;
    }
    if (input.blockId !== undefined) {
      if (input.targetType !== 'page') {
        throw new DomainError('validation_failed', 'Only a page report points at a passage');
      }
      await this.requireVisibleBlock(actor, pageId, input.blockId);
    }
    // Counted before the write: concurrent reports cannot slip past the budget.
    this.perPerson.take(actor.id);
    const report: Report = {
      id: this.ids.id(),
      targetType: input.targetType,
      pageId,
      commentId,
      blockId: input.blockId ?? null,
      quote: input.quote?.trim() || null,
      reason: input.reason,
      note,
      reporterId: actor.id,
      createdAt: this.clock.now(),
      state: 'open',
      resolution: null,
    };
    await this.reports.insertReport(
      report,
      auditEntry(this.clock, actor.id, 'report.created', `report:${report.id}`, {
        reportId: report.id,
        targetType: report.targetType,
        pageId,
        ...(commentId ? { commentId } : {}),
        reason: report.reason,
      }),
    );
    return report;
  }

  /**
   * A report's block must be shaped like a block id and be a block of the page as the reporter can
   * read it: its draft or published revision (learners: only the published one). Else 400.
   */
  private async requireVisibleBlock(actor: User, pageId: string, blockId: string): Promise<void> {
    const versions: ContentVersion[] = policy.canReadDraft(actor.role)
      ? ['draft', 'published']
      : ['published'];
    if (isBlockIdShaped(blockId)) {
      for (const version of versions) {
        const content = await this.pages.readContent(actor, pageId, version).catch((err: unknown) => {
          // A page without a published revision has no published blocks.
          if (err instanceof DomainError && err.code === 'not_found') return null;
          throw err;
        });
        if (content && hasBlockId(content.doc, blockId)) return;
      }
    }
    throw new DomainError('validation_failed', 'The passage is not a block of this page');
  }

  async list(actor: User, state: 'open' | 'resolved' | 'all'): Promise<ReportListing[]> {
    if (!policy.canReview(actor.role)) throw forbidden('Only faculty moderate reports');
    return this.reports.listReports(state === 'all' ? {} : { state }, LIST_MAX);
  }

  async countOpen(actor: User): Promise<number> {
    if (!policy.canReview(actor.role)) throw forbidden('Only faculty moderate reports');
    return this.reports.countOpenReports();
  }

  /**
   * The actor's own reports and their outcomes, showing only what the actor may read: the page's
   * title as they read it, or null for a page they cannot open (a learner may report a comment of
   * an unpublished page); never the comment's text.
   */
  async mine(actor: User): Promise<ReportListing[]> {
    const listings = await this.reports.listReports({ reporterId: actor.id }, LIST_MAX);
    const titles = new Map<string, string | null>();
    for (const pageId of new Set(listings.map((r) => r.pageId))) {
      titles.set(pageId, await this.pages.readableTitle(actor, pageId));
    }
    return listings.map((r) => ({ ...r, pageTitle: titles.get(r.pageId) ?? null, commentExcerpt: null }));
  }

  async resolve(actor: User, id: string, input: { action: ResolveAction; reason: string }): Promise<Report> {
    if (!policy.canReview(actor.role)) throw forbidden('Only faculty moderate reports');
    const report = await this.reports.findReport(id);
    if (!report) throw notFound('Report');
    if (input.action === 'hide' && report.commentId === null) {
      throw new DomainError(
        'validation_failed',
        'Only a comment can be hidden: dismiss the report, or act on the page and mark it resolved',
      );
    }
    if (report.state !== 'open') throw alreadyResolved();
    const at = this.clock.now();
    const resolution = { action: input.action, reason: input.reason.trim(), by: actor.id, at };
    const audit = [
      auditEntry(this.clock, actor.id, 'report.resolved', `report:${id}`, {
        reportId: id,
        action: input.action,
        reason: report.reason,
      }),
    ];
    const hide = input.action === 'hide' && report.commentId ? { commentId: report.commentId } : null;
    if (hide) {
      audit.push(
        auditEntry(this.clock, actor.id, 'comment.hidden', `comment:${hide.commentId}`, {
          commentId: hide.commentId,
          pageId: report.pageId,
          reportId: id,
          reason: report.reason,
        }),
      );
    }
    if (!(await this.reports.resolveReport(id, resolution, hide, audit))) throw alreadyResolved();
    return { ...report, state: 'resolved', resolution };
  }
}

/** True when a node of the ProseMirror JSON `doc` has the block id `id` (walked without recursion). */
function hasBlockId(doc: unknown, id: string): boolean {
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const { attrs, content } = node as { attrs?: { id?: unknown }; content?: unknown };
    if (attrs?.id === id) return true;
    if (Array.isArray(content)) for (const child of content as unknown[]) stack.push(child);
  }
  return false;
}

const alreadyResolved = (): DomainError => new DomainError('conflict', 'This report was already resolved');
