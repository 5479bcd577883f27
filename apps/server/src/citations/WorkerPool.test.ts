import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCrashError, WorkerPool, WorkerPoolBusyError, WorkerTimeoutError } from './WorkerPool.ts';

type Job = { do: 'echo' | 'spin' | 'throw' | 'exit'; value?: unknown };

const pools: WorkerPool<Job, { value: unknown }>[] = [];
function pool(options: Partial<{ size: number; timeoutMs: number; maxQueued: number }> = {}) {
  const p = new WorkerPool<Job, { value: unknown }>({
    entry: new URL('./workerPool.fixture.ts', import.meta.url),
    size: 1,
    timeoutMs: 500,
    maxQueued: 10,
    ...options,
  });
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('worker pool', () => {
  it('runs a TypeScript worker module under vitest and answers jobs in order', async () => {
    const p = pool();
    const results = await Promise.all([1, 2, 3].map((value) => p.run({ do: 'echo', value })));
    expect(results.map((r) => r.value)).toEqual([1, 2, 3]);
  });

  it('stops a job past its time budget, and the next job runs on a fresh worker', async () => {
    const p = pool({ timeoutMs: 300 });
    await p.run({ do: 'echo' });
    const start = performance.now();
    await expect(p.run({ do: 'spin' })).rejects.toBeInstanceOf(WorkerTimeoutError);
    expect(performance.now() - start).toBeLessThan(2_000);
    expect((await p.run({ do: 'echo', value: 'after' })).value).toBe('after');
  });

  it('keeps the event loop free while a worker spins', async () => {
    const p = pool({ timeoutMs: 1_000 });
    await p.run({ do: 'echo' });
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    await expect(p.run({ do: 'spin' })).rejects.toBeInstanceOf(WorkerTimeoutError);
    clearInterval(ticker);
    expect(longestGap).toBeLessThan(100);
  });

  it('refuses a job whose worker died, and carries on', async () => {
    const p = pool();
    await expect(p.run({ do: 'exit' })).rejects.toBeInstanceOf(WorkerCrashError);
    await expect(p.run({ do: 'throw' })).rejects.toThrow('asked to fail');
    expect((await p.run({ do: 'echo', value: 1 })).value).toBe(1);
  });

  it('refuses at once when too many jobs wait', async () => {
    const p = pool({ maxQueued: 2, timeoutMs: 300 });
    const waiting = [p.run({ do: 'spin' }), p.run({ do: 'echo' })].map((r) => r.catch((err: unknown) => err));
    await expect(p.run({ do: 'echo' })).rejects.toBeInstanceOf(WorkerPoolBusyError);
    await Promise.all(waiting);
  });

  it('runs jobs side by side on several workers', async () => {
    const p = pool({ size: 2, timeoutMs: 400 });
    const start = performance.now();
    const [spin, echo] = await Promise.all([
      p.run({ do: 'spin' }).catch((err: unknown) => err),
      p.run({ do: 'echo', value: 'beside' }),
    ]);
    expect(spin).toBeInstanceOf(WorkerTimeoutError);
    expect(echo.value).toBe('beside');
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});
