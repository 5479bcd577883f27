import { DomainError } from './errors.ts';
import type { Clock } from './ports.ts';

/** How many actions one key may take per window, and what a refusal says. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
  /** The 429 message, e.g. "Too many renames; try again in a minute". */
  message: string;
}

/**
 * A sliding-window budget per key (a user, a page), kept in memory per process: the rename,
 * page-creation and submission limits. `take` checks and counts in one synchronous step, so
 * concurrent requests cannot slip past; a refusal is `rate_limited` with `retryAfterSeconds`.
 */
export class SlidingWindowLimit {
  private readonly byKey = new Map<string, number[]>();

  constructor(
    private readonly rule: RateLimitRule,
    private readonly clock: Clock,
  ) {}

  /** Counts one action for `key`, or throws rate_limited (nothing counted). */
  take(key: string): void {
    const now = this.clock.now();
    const recent = this.recent(key, now);
    recent.push(now);
    this.byKey.set(key, recent);
    if (this.byKey.size > 1_000) {
      for (const [k, times] of this.byKey)
        if (times.every((t) => now - t >= this.rule.windowMs)) this.byKey.delete(k);
    }
  }

  /** Throws like `take` would, without counting (to check several budgets before taking any). */
  check(key: string): void {
    this.recent(key, this.clock.now());
  }

  /** The key's actions still in the window; throws rate_limited when they fill it. */
  private recent(key: string, now: number): number[] {
    const { limit, windowMs, message } = this.rule;
    const recent = (this.byKey.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= limit) {
      this.byKey.set(key, recent);
      const retryMs = windowMs - (now - (recent[0] ?? now));
      throw new DomainError('rate_limited', message, {
        retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)),
      });
    }
    return recent;
  }
}
