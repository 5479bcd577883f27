import { describe, expect, it } from 'vitest';
import { cachedRoster, phiScanner } from './phiGuard.ts';

describe('phi guard scanner', () => {
  it('finds an identifier across a slice boundary of a long block exactly once', async () => {
    for (const offset of [15_990, 16_000, 16_005]) {
      const text = `${'a '.repeat(offset / 2)}MRN 12345678 ${'b '.repeat(20_000)}`;
      const findings = await phiScanner.scan([{ blockId: 'b1', text }], []);
      expect(findings).toEqual([{ kind: 'medical_record_number', excerpt: 'MRN ••••5678', blockId: 'b1' }]);
    }
  });

  it('masks identifiers in a justification', () => {
    expect(phiScanner.redact('Invented MRN 12345678 for the OSCE')).toBe(
      'Invented MRN ••••5678 for the OSCE',
    );
  });

  it('reads the roster at most every 30 seconds', async () => {
    let reads = 0;
    let now = 0;
    const roster = cachedRoster(
      {
        listUsers: () => {
          reads++;
          return Promise.resolve([{ name: 'Amara Okafor' }] as never);
        },
      },
      () => now,
    );
    expect(await roster()).toEqual(['Amara Okafor']);
    now = 29_000;
    await roster();
    expect(reads).toBe(1);
    now = 30_000;
    await roster();
    expect(reads).toBe(2);
  });
});
