import { DomainError } from '@rounds/domain';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** How many sign-in attempts for one account (from anywhere) in the window go at full speed. */
const ACCOUNT_FREE_ATTEMPTS = 10;
const ACCOUNT_WINDOW_S = 15 * 60;
/** The added wait doubles per attempt past the free ones, from this, up to the cap. */
const ACCOUNT_DELAY_BASE_MS = 250;
const ACCOUNT_DELAY_MAX_MS = 3_000;

/** The wait added to the n-th attempt for an account within its window. */
export function accountDelayMs(attempt: number): number {
  if (attempt <= ACCOUNT_FREE_ATTEMPTS) return 0;
  const doublings = Math.min(attempt - ACCOUNT_FREE_ATTEMPTS - 1, 16);
  return Math.min(ACCOUNT_DELAY_MAX_MS, ACCOUNT_DELAY_BASE_MS * 2 ** doublings);
}

/** One sign-in attempt that has been let through: report how it ended. */
export interface LoginAttempt {
  /** The credentials were right: this attempt does not count against anyone. */
  succeeded(): Promise<void>;
  /** Not a guess at all (the server failed): give the points back. */
  abandoned(): Promise<void>;
}

/**
 * Login throttling after OWASP's advice, with rate-limiter-flexible. Every attempt is counted
 * *before* the password is verified, synchronously, so concurrent guesses cannot all slip past a
 * check made before the first of them failed (60 at once are 60 counted attempts, not 0):
 * - per account+address: 5 attempts (successes are given back) block that pair for 15 minutes;
 * - per address: 50 an hour block the address for an hour (spraying many accounts);
 * - per account from anywhere: never a block, which would let anyone lock the real user out from
 *   any address, renewably. Past 10 attempts in 15 minutes each attempt waits a little longer
 *   (250 ms doubling, at most 3 s), which slows a distributed guesser but lets the real user in.
 */
export class LoginThrottle {
  private readonly byAccountIp = new RateLimiterMemory({
    keyPrefix: 'login_acct_ip',
    points: 5,
    duration: 15 * 60,
    blockDuration: 15 * 60,
  });
  private readonly byIp = new RateLimiterMemory({
    keyPrefix: 'login_ip',
    points: 50,
    duration: 60 * 60,
    blockDuration: 60 * 60,
  });
  /** A counter only: it never refuses, it decides the added wait. */
  private readonly byAccount = new RateLimiterMemory({
    keyPrefix: 'login_acct',
    points: Number.MAX_SAFE_INTEGER,
    duration: ACCOUNT_WINDOW_S,
  });

  constructor(private readonly sleep: (ms: number) => Promise<void> = defaultSleep) {}

  /**
   * Counts the attempt, then (after any per-account wait) lets it through; throws rate_limited
   * (with retryAfterSeconds) when the address or the address+account pair is used up.
   */
  async begin(email: string, ip: string): Promise<LoginAttempt> {
    const pairKey = `${email}|${ip}`;
    // All three counters move in this synchronous stretch, before anything is awaited.
    const outcomes = Promise.allSettled([
      this.byAccountIp.consume(pairKey),
      this.byIp.consume(ip),
      this.byAccount.consume(email),
    ]);
    const [pair, address, account] = await outcomes;
    const refused = [pair, address].filter((r) => r.status === 'rejected');
    if (refused.length > 0) {
      // Never verified, so not a guess the per-account wait should grow with.
      await this.byAccount.reward(email);
      const retryMs = Math.max(
        ...refused.map((r) => (r.reason instanceof RateLimiterRes ? r.reason.msBeforeNext : 60_000)),
      );
      throw new DomainError('rate_limited', 'Too many failed sign-in attempts; try again later', {
        retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)),
      });
    }
    const attempt = account.status === 'fulfilled' ? account.value.consumedPoints : 0;
    const wait = accountDelayMs(attempt);
    if (wait > 0) await this.sleep(wait);

    const giveBack = async (): Promise<void> => {
      await Promise.allSettled([this.byIp.reward(ip), this.byAccount.reward(email)]);
    };
    return {
      succeeded: async () => {
        // Whoever knows the password may keep signing in from here; others behind this address
        // are not charged for it. The per-account count only loses this attempt: a success
        // must not hand a distributed guesser a fresh set of fast attempts.
        await Promise.allSettled([this.byAccountIp.delete(pairKey), giveBack()]);
      },
      abandoned: async () => {
        await Promise.allSettled([this.byAccountIp.reward(pairKey), giveBack()]);
      },
    };
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
