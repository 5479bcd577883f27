import { DomainError } from '@rounds/domain';

/**
 * At most `running` jobs at once and `waiting` queued behind them, process-wide; a job past both
 * is refused at once with 429 (CPU-heavy work on two shared cores must not pile up unbounded).
 */
export class WorkQueue {
  private active = 0;
  private readonly queued: (() => void)[] = [];

  constructor(
    private readonly running: number,
    private readonly waiting: number,
  ) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.running) {
      if (this.queued.length >= this.waiting) {
        throw new DomainError('rate_limited', 'The server is busy processing images; try again shortly', {
          retryAfterSeconds: 2,
        });
      }
      await new Promise<void>((resolve) => this.queued.push(resolve));
    } else this.active++;
    try {
      return await job();
    } finally {
      const next = this.queued.shift();
      if (next) next();
      else this.active--;
    }
  }
}
