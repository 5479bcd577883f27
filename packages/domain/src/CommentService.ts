import { DomainError, forbidden, notFound } from './errors.ts';
import type { CommentThread, ThreadComment, User } from './model.ts';
import { policy } from './policy.ts';
import type { Clock, IdGenerator, PageRepository, ThreadRepository } from './ports.ts';

/** Longest comment body and quoted selection; longer is refused (413), never truncated. */
export const COMMENT_BODY_MAX = 5_000;
export const QUOTE_MAX = 500;
const ANCHOR_MAX = 1_024;

/** Comment threads for peer and faculty review. Comments never reach learners. */
export class CommentService {
  constructor(
    private readonly pages: PageRepository,
    private readonly threads: ThreadRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async list(actor: User, pageId: string): Promise<CommentThread[]> {
    await this.authorize(actor, pageId);
    return this.threads.listThreads(pageId);
  }

  async start(
    actor: User,
    pageId: string,
    input: { anchorStart: string; anchorEnd: string; quote: string; body: string },
  ): Promise<CommentThread> {
    await this.authorize(actor, pageId);
    checkBody(input.body);
    if (input.quote.length > QUOTE_MAX)
      throw new DomainError('too_large', `A quote may have at most ${QUOTE_MAX} characters`);
    if (input.anchorStart.length > ANCHOR_MAX || input.anchorEnd.length > ANCHOR_MAX) {
      throw new DomainError('too_large', 'Anchor too large');
    }
    const now = this.clock.now();
    const id = this.ids.id();
    const first: ThreadComment = {
      id: this.ids.id(),
      threadId: id,
      authorId: actor.id,
      body: input.body.trim(),
      createdAt: now,
    };
    const thread: CommentThread = {
      id,
      pageId,
      anchorStart: input.anchorStart,
      anchorEnd: input.anchorEnd,
      quote: input.quote,
      status: 'open',
      createdBy: actor.id,
      createdAt: now,
      resolvedBy: null,
      resolvedAt: null,
      comments: [first],
    };
    await this.threads.insertThread(thread);
    return thread;
  }

  async reply(actor: User, threadId: string, body: string): Promise<ThreadComment> {
    const thread = await this.thread(actor, threadId);
    checkBody(body);
    const comment: ThreadComment = {
      id: this.ids.id(),
      threadId: thread.id,
      authorId: actor.id,
      body: body.trim(),
      createdAt: this.clock.now(),
    };
    await this.threads.insertComment(comment);
    return comment;
  }

  async setStatus(actor: User, threadId: string, status: 'open' | 'resolved'): Promise<CommentThread> {
    const thread = await this.thread(actor, threadId);
    if (thread.status === status) throw new DomainError('conflict', `The thread is already ${status}`);
    const now = this.clock.now();
    await this.threads.setThreadStatus(
      thread.id,
      status,
      status === 'resolved' ? actor.id : null,
      status === 'resolved' ? now : null,
    );
    return (await this.threads.findThread(thread.id)) ?? thread;
  }

  private async thread(actor: User, threadId: string): Promise<CommentThread> {
    if (!policy.canReadDraft(actor.role)) throw forbidden('Comments are not visible to learners');
    const thread = await this.threads.findThread(threadId);
    if (!thread) throw notFound('Thread');
    await this.authorize(actor, thread.pageId);
    return thread;
  }

  private async authorize(actor: User, pageId: string): Promise<void> {
    if (!policy.canReadDraft(actor.role)) throw forbidden('Comments are not visible to learners');
    if (!(await this.pages.findPage(pageId))) throw notFound('Page');
  }
}

function checkBody(body: string): void {
  if (body.trim() === '') throw new DomainError('validation_failed', 'A comment cannot be empty');
  if (body.length > COMMENT_BODY_MAX) {
    throw new DomainError('too_large', `A comment may have at most ${COMMENT_BODY_MAX} characters`);
  }
}
