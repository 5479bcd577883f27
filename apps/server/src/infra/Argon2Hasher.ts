import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '@rounds/domain';

/** argon2id with OWASP's minimum (m = 19 MiB, t = 2, p = 1). */
// `Algorithm` is an ambient const enum, which isolated modules cannot reference by member: 2 is Argon2id.
const PARAMS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class Argon2Hasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password, PARAMS);
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await verify(hashed, password);
    } catch {
      return false;
    }
  }
}
