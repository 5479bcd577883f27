/** Something that happened to the signed-in user's pages, reviews or comment threads. */
export interface NotificationView {
  kind: 'review_requested' | 'changes_requested' | 'revision_published' | 'comment_reply';
  pageId: string;
  pageTitle: string;
  revisionId?: string;
  threadId?: string;
  text: string;
  createdAt: string;
}

/** Where a notification leads: the queue for review requests, else the page (at the thread, if any). */
export function notificationHref(notification: NotificationView): string {
  if (notification.kind === 'review_requested') return '/review';
  const page = `/pages/${encodeURIComponent(notification.pageId)}`;
  return notification.threadId ? `${page}?thread=${encodeURIComponent(notification.threadId)}` : page;
}
