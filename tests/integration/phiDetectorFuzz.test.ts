import { describe, expect, it } from 'vitest';
import { runPhiFuzz } from '../fuzz/phiFuzz.ts';
import { fuzzSeed } from '../fuzz/rng.ts';

describe('patient-identifier detector under fuzzing', () => {
  it('never throws, stays deterministic, masks what it shows and stays linear on hostile compositions', () => {
    const seed = fuzzSeed();
    const result = runPhiFuzz(seed, 400);
    expect(result.failures, `replay with FUZZ_SEED=${seed}`).toEqual([]);
    // 64k characters of hostile text well inside one event-loop turn budget.
    expect(result.slowestMsPer64k).toBeLessThan(100);
  });
});
