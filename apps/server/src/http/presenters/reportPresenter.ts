import { policy, type ReportListing, type User } from '@rounds/domain';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A report as the moderation queue (faculty, admins) or its reporter sees it. The comment excerpt
 * goes to moderators only; the reporter sees the outcome and the moderator's reason.
 */
export function presentReport(r: ReportListing, viewer: User) {
  const moderator = policy.canReview(viewer.role);
  return {
    id: r.id,
    targetType: r.targetType,
    target: {
      pageId: r.pageId,
      pageTitle: r.pageTitle,
      commentId: r.commentId,
      blockId: r.blockId,
      quote: r.quote,
      ...(moderator && r.commentId !== null
        ? { commentExcerpt: r.commentExcerpt, commentHidden: r.commentHidden }
        : {}),
    },
    reporter: { id: r.reporterId, name: r.reporterName },
    reason: r.reason,
    note: r.note,
    createdAt: iso(r.createdAt),
    state: r.state,
    resolution:
      r.resolution === null
        ? null
        : {
            action: r.resolution.action,
            reason: r.resolution.reason,
            by: { id: r.resolution.by, name: r.resolverName ?? 'Former user' },
            at: iso(r.resolution.at),
          },
    // Patient information on a page: admins may purge it from the page's history.
    canPurge: viewer.role === 'admin' && r.reason === 'patient_information' && r.targetType === 'page',
  };
}
