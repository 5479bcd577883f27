import { describe, expect, it } from 'vitest';
import { LogThrottle } from './LogThrottle.ts';
import { TokenBucket } from './TokenBucket.ts';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate, and tells how long to wait', () => {
    let t = 0;
    const bucket = new TokenBucket(10, 3, () => t);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.msUntilToken()).toBeCloseTo(100);
    t += 100;
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.take()).toBeCloseTo(100);
    expect(bucket.take()).toBeCloseTo(200);
    t += 10_000;
    expect(bucket.isFull).toBe(true);
  });
});

describe('LogThrottle', () => {
  it('lets one line per key and interval through and counts the rest', () => {
    let t = 0;
    const throttle = new LogThrottle(1_000, 10, () => t);
    const logged: [string, number][] = [];
    for (let i = 0; i < 5_000; i++) throttle.run('a', (n) => logged.push(['a', n]));
    throttle.run('b', (n) => logged.push(['b', n]));
    t += 1_000;
    throttle.run('a', (n) => logged.push(['a', n]));
    expect(logged).toEqual([
      ['a', 0],
      ['b', 0],
      ['a', 4_999],
    ]);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const throttle = new LogThrottle(1_000, 100, () => 0);
    let n = 0;
    for (let i = 0; i < 10_000; i++) throttle.run(`k${i}`, () => n++);
    expect(n).toBe(10_000);
    expect((throttle as unknown as { seen: Map<string, unknown> }).seen.size).toBeLessThanOrEqual(100);
  });
});
