import { describe, expect, it } from 'vitest';
import { accountDelayMs, LoginThrottle } from './loginThrottle.ts';

const noSleep = (): Promise<void> => Promise.resolve();

describe('LoginThrottle', () => {
  it('counts concurrent attempts before any of them is verified', async () => {
    const throttle = new LoginThrottle(noSleep);
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () => throttle.begin('a@example.org', '203.0.113.1')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
  });

  it('never blocks an account from a fresh address, only slows it, by at most 3 s', async () => {
    const waits: number[] = [];
    const throttle = new LoginThrottle((ms) => {
      waits.push(ms);
      return Promise.resolve();
    });
    for (let i = 0; i < 200; i++) await throttle.begin('a@example.org', `192.0.2.${i % 250}`);
    expect(Math.max(...waits)).toBeLessThanOrEqual(3_000);
    expect(waits.length).toBeGreaterThan(0);
  });

  it('gives a successful attempt back to the address', async () => {
    const throttle = new LoginThrottle(noSleep);
    for (let i = 0; i < 120; i++) {
      const attempt = await throttle.begin(`user${i}@example.org`, '203.0.113.2');
      await attempt.succeeded();
    }
    await expect(throttle.begin('late@example.org', '203.0.113.2')).resolves.toBeDefined();
  });

  it('adds no wait for the first 10 attempts, then doubles from 250 ms up to 3 s', () => {
    expect([1, 10, 11, 12, 13, 14, 15, 16, 1000].map(accountDelayMs)).toEqual([
      0, 0, 250, 500, 1000, 2000, 3000, 3000, 3000,
    ]);
  });
});
