import type { PasswordHasher } from '@rounds/domain';
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** A verification held at the gate: it has checked the password and waits to be let go. */
export interface HeldVerify {
  /** Resolves once a verification reached the gate (its answer is known, not yet returned). */
  reached: Promise<void>;
  release(): void;
}

/**
 * A real (scrypt, cheap parameters) password hasher whose next verification can be held between
 * checking the password and returning, so a test can change the account at exactly that moment
 * (what the Argon2 time of a real sign-in leaves open). Not a mock: hashes are checked for real.
 */
export class GatedHasher implements PasswordHasher {
  private gate: { arrived: () => void; released: Promise<void> } | null = null;

  hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    return Promise.resolve(`${salt.toString('hex')}:${this.derive(password, salt).toString('hex')}`);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    const [salt = '', expected = ''] = hash.split(':');
    const actual = this.derive(password, Buffer.from(salt, 'hex'));
    const wanted = Buffer.from(expected, 'hex');
    const ok = wanted.length === actual.length && timingSafeEqual(wanted, actual);
    const gate = this.gate;
    if (gate) {
      this.gate = null;
      gate.arrived();
      await gate.released;
    }
    return ok;
  }

  /** Holds the next verification (only that one) at the gate. */
  holdNextVerify(): HeldVerify {
    let arrived!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.gate = { arrived, released };
    return { reached, release };
  }

  private derive(password: string, salt: Buffer): Buffer {
    return scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 });
  }
}
