import { PROFESSIONALISM_LIMITS, type ReportReason, type ResolveAction } from '@rounds/shared';
import { auditEntry } from './audit.ts';
import { DomainError, forbidden, notFound } from './errors.ts';
import type { User } from './model.ts';
import type { PageService } from './PageService.ts';
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
        ...(report.blockId ? { blockId: report.blockId } : {}),
        reason: report.reason,
      }),
    );
    return report;
  }

  async list(actor: User, state: 'open' | 'resolved' | 'all'): Promise<ReportListing[]> {
    if (!policy.canReview(actor.role)) throw forbidden('Only faculty moderate reports');
    return this.reports.listReports(state === 'all' ? {} : { state }, LIST_MAX);
  }

  async countOpen(actor: User): Promise<number> {
    if (!policy.canReview(actor.role)) throw forbidden('Only faculty moderate reports');
    return this.reports.countOpenReports();
  }

  /** The actor's own reports and their outcomes. */
  mine(actor: User): Promise<ReportListing[]> {
    return this.reports.listReports({ reporterId: actor.id }, LIST_MAX);
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

const alreadyResolved = (): DomainError => new DomainError('conflict', 'This report was already resolved');
