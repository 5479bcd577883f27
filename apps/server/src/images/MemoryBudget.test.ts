import { describe, expect, it } from 'vitest';
import { MemoryBudget } from './MemoryBudget.ts';

describe('MemoryBudget', () => {
  it('holds a decode until its estimate fits beside the running ones, first come first served', async () => {
    const budget = new MemoryBudget(100);
    const a = await budget.acquire(60);
    let bStarted = false;
    let cStarted = false;
    const b = budget.acquire(60).then((r) => ((bStarted = true), r));
    const c = budget.acquire(10).then((r) => ((cStarted = true), r));
    await new Promise((r) => setTimeout(r, 5));
    // c would fit, but waits behind b (no starvation of large decodes).
    expect([bStarted, cStarted]).toEqual([false, false]);
    a();
    a();
    const releaseB = await b;
    const releaseC = await c;
    expect(budget.reserved).toBe(70);
    releaseB();
    releaseC();
    expect(budget.reserved).toBe(0);
  });

  it('one estimate larger than the whole budget runs alone', async () => {
    const budget = new MemoryBudget(100);
    const big = await budget.acquire(1_000);
    expect(budget.reserved).toBe(100);
    let small = false;
    const next = budget.acquire(1).then((r) => ((small = true), r));
    await new Promise((r) => setTimeout(r, 5));
    expect(small).toBe(false);
    big();
    (await next)();
    expect(budget.reserved).toBe(0);
  });
});
