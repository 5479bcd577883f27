/**
 * Lets one log line through per key and interval, and counts what it held back, so a client that
 * repeats a bad message thousands of times a second cannot fill the disk with warnings.
 */
export class LogThrottle {
  private readonly seen = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly intervalMs = 10_000,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Calls `log` with how many lines were held back since the last one, unless it is too soon. */
  run(key: string, log: (suppressed: number) => void): void {
    const t = this.now();
    const entry = this.seen.get(key);
    if (entry && t - entry.at < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    if (!entry && this.seen.size >= this.maxKeys) this.evictOld(t);
    this.seen.set(key, { at: t, suppressed: 0 });
    log(entry?.suppressed ?? 0);
  }

  private evictOld(t: number): void {
    for (const [key, e] of this.seen) if (t - e.at >= this.intervalMs) this.seen.delete(key);
    // Still full (a flood of distinct keys): forget everything rather than grow without bound.
    if (this.seen.size >= this.maxKeys) this.seen.clear();
  }
}
