/**
 * A synchronous token bucket for per-message limits on the collaboration hot path (a few
 * arithmetic operations, no allocation, no timers); rate-limiter-flexible is promise-based and
 * built for keyed stores, which is more than one socket's counter needs.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = this.now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }

  /** Takes one token if there is one. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * Takes `count` tokens now, going into debt if needed, and returns how many milliseconds the caller
   * should wait before acting so that the sustained rate holds (0 when a token was there).
   */
  take(count = 1): number {
    this.refill();
    this.tokens -= count;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.ratePerSecond) * 1000;
  }

  /** Milliseconds until one token is available (0 if one is). */
  msUntilToken(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.ratePerSecond) * 1000;
  }

  /** Whether the bucket is full (nothing to remember about its owner). */
  get isFull(): boolean {
    this.refill();
    return this.tokens >= this.capacity;
  }
}
