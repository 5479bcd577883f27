import { describe, expect, it } from 'vitest';
import { WorkQueue } from './WorkQueue.ts';

describe('WorkQueue', () => {
  it('runs two at a time, queues a few, and refuses the rest with rate_limited', async () => {
    const queue = new WorkQueue(2, 1);
    let running = 0;
    let peak = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = () =>
      queue.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await gate;
        running--;
        return 'done';
      });
    const accepted = [job(), job(), job()];
    await expect(job()).rejects.toMatchObject({ code: 'rate_limited' });
    release();
    await expect(Promise.all(accepted)).resolves.toEqual(['done', 'done', 'done']);
    expect(peak).toBe(2);
    // Free again: new jobs are taken.
    await expect(Promise.all([job(), job(), job()])).resolves.toHaveLength(3);
  });

  it('a failing job frees its place', async () => {
    const queue = new WorkQueue(1, 0);
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
