import { describe, expect, it } from 'vitest';
import { Argon2Hasher } from './Argon2Hasher.ts';

describe('Argon2Hasher', () => {
  it('hashes with argon2id at OWASP minimum parameters and verifies', async () => {
    const hasher = new Argon2Hasher();
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(hash, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(hash, 'wrong')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
  });
});
