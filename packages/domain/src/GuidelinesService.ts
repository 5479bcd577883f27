import { PROFESSIONALISM_LIMITS } from '@rounds/shared';
import { auditEntry } from './audit.ts';
import { DEFAULT_GUIDELINES_MARKDOWN } from './defaultGuidelines.ts';
import { DomainError, forbidden } from './errors.ts';
import type { GuidelineEvents } from './guidelineEvents.ts';
import type { User } from './model.ts';
import { policy } from './policy.ts';
import type { Clock } from './ports.ts';
import type { GuidelineVersion, GuidelinesRepository } from './professionalismPorts.ts';

/** Markdown to sanitized HTML (an adapter: markdown-it and sanitize-html live outside the domain). */
export type MarkdownRenderer = (markdown: string) => string;

export interface CurrentGuidelines {
  version: number;
  markdown: string;
  html: string;
  enforce: boolean;
}

/** How often the cached version is compared with storage, in the background. */
const RECHECK_MS = 5_000;

/** Users whose acknowledgement of the current version is remembered (positive answers only). */
const ACK_CACHE_MAX = 10_000;

/**
 * The school's guidelines for professional conduct online: versions, acknowledgements and, when
 * the admin enforces them, the gate in front of every write. The current version is kept in
 * memory (read once, replaced on publish), so the gate reads nothing per request except, once per
 * person and version, whether they acknowledged it. Acknowledgements only ever grow, so a
 * remembered "yes" cannot go stale; a "no" is never remembered.
 */
export class GuidelinesService {
  private current: Promise<CurrentGuidelines> | null = null;
  /** When the cached version was last compared with storage (another instance may publish). */
  private checkedAt = 0;
  private checking = false;
  private readonly acknowledged = new Map<string, number>();

  constructor(
    private readonly repo: GuidelinesRepository,
    private readonly render: MarkdownRenderer,
    private readonly clock: Clock,
    private readonly events: GuidelineEvents,
  ) {}

  /** The current version (version 1, the default text, is created at first use). */
  get(): Promise<CurrentGuidelines> {
    if (!this.current) {
      this.checkedAt = this.clock.now();
      this.current = this.load().catch((err: unknown) => {
        this.current = null;
        throw err;
      });
    } else if (this.clock.now() - this.checkedAt >= RECHECK_MS && !this.checking) {
      this.recheck(this.current);
    }
    return this.current;
  }

  /**
   * In the background, at most every few seconds: whether another instance published a version.
   * Requests keep the cached one meanwhile; a newer one is rendered once and announced here too.
   */
  private recheck(cached: Promise<CurrentGuidelines>): void {
    this.checking = true;
    this.checkedAt = this.clock.now();
    void Promise.all([cached, this.repo.currentGuidelines()])
      .then(([known, stored]) => {
        if (!stored || stored.version <= known.version || this.current !== cached) return;
        const next = { ...stored, html: this.render(stored.markdown) };
        this.current = Promise.resolve({
          version: next.version,
          markdown: next.markdown,
          html: next.html,
          enforce: next.enforce,
        });
        this.events.announce({ version: next.version, enforce: next.enforce });
      })
      .catch(() => undefined) // the cached version stays; the next request checks again
      .finally(() => {
        this.checking = false;
      });
  }

  /** The HTML a draft of the guidelines would render to (the admin screen's preview). */
  preview(actor: User, input: string): string {
    return this.render(checkedMarkdown(actor, input));
  }

  async update(actor: User, input: { markdown: string; enforce: boolean }): Promise<CurrentGuidelines> {
    const markdown = checkedMarkdown(actor, input.markdown);
    const html = this.render(markdown);
    const before = await this.get();
    const next: GuidelineVersion = {
      version: before.version + 1,
      markdown,
      enforce: input.enforce,
      createdBy: actor.id,
      createdAt: this.clock.now(),
    };
    const audit = auditEntry(this.clock, actor.id, 'guidelines.updated', `guidelines:${next.version}`, {
      version: next.version,
      enforce: next.enforce,
    });
    if (!(await this.repo.publishGuidelines(next, audit))) {
      // Someone else published first (here or on another instance): reload and let them retry.
      this.current = null;
      throw new DomainError('conflict', 'The guidelines were changed meanwhile; reload and try again');
    }
    const published = { version: next.version, markdown, html, enforce: next.enforce };
    this.current = Promise.resolve(published);
    // Whoever publishes a version has read it: their acknowledgement is recorded (and audited).
    // (A newer version published meanwhile makes it stale: nothing to record then.)
    await this.acknowledge(actor, next.version).catch((err: unknown) => {
      if (!(err instanceof DomainError && err.code === 'conflict')) throw err;
    });
    this.events.announce({ version: next.version, enforce: next.enforce });
    return published;
  }

  async acknowledgedVersion(userId: string): Promise<number | null> {
    return this.repo.acknowledgedVersion(userId);
  }

  /** Records that the actor acknowledged `version`, which must be the current one (409 otherwise). */
  async acknowledge(actor: User, version: number): Promise<void> {
    const current = await this.get();
    if (version !== current.version) throw staleVersion(current.version);
    const audit = auditEntry(this.clock, actor.id, 'guidelines.acknowledged', `guidelines:${version}`, {
      version,
    });
    const outcome = await this.repo.acknowledge(actor.id, version, this.clock.now(), audit);
    if (outcome === 'stale') {
      this.current = null;
      throw staleVersion((await this.get()).version);
    }
    this.remember(actor.id, version);
  }

  /** Whether the actor may change state now: always, unless enforced and not acknowledged. */
  async mayWrite(userId: string): Promise<boolean> {
    const current = await this.get();
    if (!current.enforce) return true;
    if ((this.acknowledged.get(userId) ?? 0) >= current.version) return true;
    const acked = (await this.repo.acknowledgedVersion(userId)) ?? 0;
    if (acked >= current.version) this.remember(userId, acked);
    return acked >= current.version;
  }

  /** Throws 403 `guidelines_not_acknowledged` unless {@link mayWrite}. */
  async requireAcknowledged(userId: string): Promise<void> {
    if (await this.mayWrite(userId)) return;
    throw new DomainError(
      'guidelines_not_acknowledged',
      'Please read and acknowledge the guidelines for professional conduct first',
      { version: (await this.get()).version },
    );
  }

  /** Of `userIds`, those who may not write now (one query; empty when not enforced). */
  async refused(userIds: readonly string[]): Promise<Set<string>> {
    const current = await this.get();
    if (!current.enforce || userIds.length === 0) return new Set();
    const ok = await this.repo.whoAcknowledged([...new Set(userIds)], current.version);
    return new Set(userIds.filter((id) => !ok.has(id)));
  }

  private remember(userId: string, version: number): void {
    if (this.acknowledged.size >= ACK_CACHE_MAX) this.acknowledged.clear();
    this.acknowledged.set(userId, Math.max(version, this.acknowledged.get(userId) ?? 0));
  }

  private async load(): Promise<CurrentGuidelines> {
    let stored = await this.repo.currentGuidelines();
    if (!stored) {
      // First start: the default version 1 (two instances racing: one insert wins, both read it).
      const first: GuidelineVersion = {
        version: 1,
        markdown: DEFAULT_GUIDELINES_MARKDOWN,
        enforce: false,
        createdBy: null,
        createdAt: this.clock.now(),
      };
      await this.repo.publishGuidelines(first, null);
      stored = (await this.repo.currentGuidelines()) ?? first;
    }
    return {
      version: stored.version,
      markdown: stored.markdown,
      html: this.render(stored.markdown),
      enforce: stored.enforce,
    };
  }
}

function checkedMarkdown(actor: User, input: string): string {
  if (!policy.canManageUsers(actor.role)) throw forbidden('Only an admin may change the guidelines');
  const markdown = input.trim();
  if (markdown === '') throw new DomainError('validation_failed', 'The guidelines cannot be empty');
  if (markdown.length > PROFESSIONALISM_LIMITS.guidelinesMarkdownMax) {
    throw new DomainError(
      'too_large',
      `The guidelines may have at most ${PROFESSIONALISM_LIMITS.guidelinesMarkdownMax} characters`,
    );
  }
  return markdown;
}

function staleVersion(current: number): DomainError {
  return new DomainError('conflict', 'These guidelines were replaced by a newer version', { current });
}
