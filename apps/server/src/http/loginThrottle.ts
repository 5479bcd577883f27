import { DomainError } from '@rounds/domain';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Login throttling after OWASP's advice, with rate-limiter-flexible:
 * - per account+IP: 5 consecutive failures block that pair for 15 minutes (the usual guessing case);
 * - per IP: 50 failures an hour block the IP for an hour (spraying many accounts);
 * - per account from anywhere: 20 failures in 5 minutes block it for 5 minutes only, so a
 *   distributed attacker slows down but can never lock the real user out for good.
 * Success clears the account+IP counter.
 */
export class LoginThrottle {
  private readonly byAccountIp: RateLimiterAbstract;
  private readonly byIp: RateLimiterAbstract;
  private readonly byAccount: RateLimiterAbstract;

  constructor() {
    this.byAccountIp = new RateLimiterMemory({
      keyPrefix: 'login_acct_ip',
      points: 5,
      duration: 15 * 60,
      blockDuration: 15 * 60,
    });
    this.byIp = new RateLimiterMemory({
      keyPrefix: 'login_ip',
      points: 50,
      duration: 60 * 60,
      blockDuration: 60 * 60,
    });
    this.byAccount = new RateLimiterMemory({
      keyPrefix: 'login_acct',
      points: 20,
      duration: 5 * 60,
      blockDuration: 5 * 60,
    });
  }

  /** Throws rate_limited (with retryAfterSeconds) when any limit is used up. */
  async check(email: string, ip: string): Promise<void> {
    const checks: [RateLimiterAbstract, string][] = [
      [this.byAccountIp, `${email}|${ip}`],
      [this.byIp, ip],
      [this.byAccount, email],
    ];
    let retryMs = 0;
    for (const [limiter, key] of checks) {
      const res = await limiter.get(key);
      if (res && res.consumedPoints >= limiter.points) retryMs = Math.max(retryMs, res.msBeforeNext);
    }
    if (retryMs > 0) {
      throw new DomainError('rate_limited', 'Too many failed sign-in attempts; try again later', {
        retryAfterSeconds: Math.ceil(retryMs / 1000),
      });
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const entries: [RateLimiterAbstract, string][] = [
      [this.byAccountIp, `${email}|${ip}`],
      [this.byIp, ip],
      [this.byAccount, email],
    ];
    await Promise.allSettled(
      entries.map(async ([limiter, key]) => {
        // Counting on while blocked would stretch a block into the window's full duration,
        // turning the short per-account slowdown into a lockout an attacker can prolong.
        const current = await limiter.get(key);
        if (current && current.consumedPoints > limiter.points) return;
        await limiter.consume(key);
      }),
    );
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.byAccountIp.delete(`${email}|${ip}`);
  }
}
