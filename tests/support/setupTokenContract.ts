import type { Storage, User } from '@rounds/domain';
import { describe, expect, it } from 'vitest';

/** The setup-link part of the storage contract, for every adapter. */
export function setupTokenContract(name: string, open: () => Promise<Storage>): void {
  const admin = (id: string, email: string): User => ({
    id,
    email,
    name: 'Admin',
    role: 'admin',
    passwordHash: 'h',
    disabled: false,
    createdAt: 1,
  });

  describe(`setup token contract: ${name}`, () => {
    it('keeps only the newest setup token valid', async () => {
      const s = await open();
      await s.setupTokens.putSetupToken('old', 100);
      await s.setupTokens.putSetupToken('new', 100);
      expect(await s.setupTokens.consumeSetupToken('old', 50)).toBe(false);
      expect(await s.setupTokens.consumeSetupToken('new', 50)).toBe(true);
      await s.close();
    });

    it('completes setup once: the token is consumed and the first user inserted together', async () => {
      const s = await open();
      await s.setupTokens.putSetupToken('t', 100);
      expect(await s.setupTokens.completeSetup('t', 150, admin('late', 'late@x.org'))).toBe('invalid_token');
      expect(await s.users.countUsers()).toBe(0);
      await s.setupTokens.putSetupToken('t', 100);
      expect(await s.setupTokens.completeSetup('wrong', 50, admin('w', 'w@x.org'))).toBe('invalid_token');
      expect(await s.setupTokens.completeSetup('t', 50, admin('a1', 'a1@x.org'))).toBe('created');
      expect(await s.setupTokens.completeSetup('t', 50, admin('a2', 'a2@x.org'))).toBe('already_set_up');
      expect(await s.users.countUsers()).toBe(1);
      await s.close();
    });

    it('never completes setup once any user exists, whatever the token', async () => {
      const s = await open();
      await s.users.insertUser({ ...admin('u', 'u@x.org'), role: 'student' });
      await s.setupTokens.putSetupToken('t', 100);
      expect(await s.setupTokens.completeSetup('t', 50, admin('a', 'a@x.org'))).toBe('already_set_up');
      expect(await s.users.countUsers()).toBe(1);
      await s.close();
    });
  });
}
