/**
 * A budget of bytes shared by the running image decodes (a weighted semaphore, first come first
 * served): a decode waits until its estimated memory fits beside the others. One larger than the
 * whole budget is charged the whole budget, so it runs, alone.
 */
export class MemoryBudget {
  private used = 0;
  private readonly waiting: { bytes: number; resolve: () => void }[] = [];

  constructor(private readonly total: number) {}

  /** Resolves, once the bytes are reserved, with the function that gives them back. */
  async acquire(estimate: number): Promise<() => void> {
    const bytes = Math.min(Math.max(0, estimate), this.total);
    if (this.waiting.length > 0 || this.used + bytes > this.total)
      await new Promise<void>((resolve) => this.waiting.push({ bytes, resolve }));
    else this.used += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= bytes;
      this.wake();
    };
  }

  /** Bytes reserved now (for tests). */
  get reserved(): number {
    return this.used;
  }

  private wake(): void {
    for (let next = this.waiting[0]; next && this.used + next.bytes <= this.total; next = this.waiting[0]) {
      this.waiting.shift();
      this.used += next.bytes;
      next.resolve();
    }
  }
}
