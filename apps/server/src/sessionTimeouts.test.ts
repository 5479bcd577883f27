import { AuthService, SessionEndings, UserService, type PasswordHasher } from '@rounds/domain';
import { createSqliteStorage } from '@rounds/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { nodeIds } from './infra/nodeIds.ts';

/** Plain-text "hash": these tests are about session lifetimes, not password hashing. */
const plainHasher: PasswordHasher = {
  hash: (p) => Promise.resolve(`plain:${p}`),
  verify: (h, p) => Promise.resolve(h === `plain:${p}`),
};

async function setup() {
  let now = 1_000_000;
  const clock = { now: () => now };
  const storage = createSqliteStorage(':memory:');
  const endings = new SessionEndings(storage.sessions);
  const users = new UserService(
    storage.users,
    storage.setupTokens,
    plainHasher,
    nodeIds,
    clock,
    endings,
    storage.audit,
  );
  const auth = new AuthService(
    storage.users,
    storage.sessions,
    plainHasher,
    nodeIds,
    clock,
    { idleTimeoutMs: 60 * 60_000, absoluteTimeoutMs: 8 * 60 * 60_000 },
    endings,
    storage.audit,
  );
  await users.bootstrapAdmin('a@example.org', 'password-123');
  return { auth, storage, advance: (ms: number) => (now += ms) };
}

describe('session lifetimes', () => {
  it('ends a session left idle past the idle timeout', async () => {
    const { auth, advance } = await setup();
    const { sessionSecret } = await auth.login('a@example.org', 'password-123');
    advance(59 * 60_000);
    expect(await auth.authenticate(sessionSecret)).not.toBeNull();
    advance(61 * 60_000);
    expect(await auth.authenticate(sessionSecret)).toBeNull();
  });

  it('ends an active session at the absolute timeout', async () => {
    const { auth, advance } = await setup();
    const { sessionSecret } = await auth.login('a@example.org', 'password-123');
    for (let h = 0; h < 7; h++) {
      advance(55 * 60_000);
      expect(await auth.authenticate(sessionSecret)).not.toBeNull();
    }
    advance(70 * 60_000);
    expect(await auth.authenticate(sessionSecret)).toBeNull();
  });

  it('stores only a hash of the session secret', async () => {
    const { auth, storage } = await setup();
    const { sessionSecret } = await auth.login('a@example.org', 'password-123');
    expect(await storage.sessions.findSession(sessionSecret)).toBeNull();
    expect(await storage.sessions.findSession(nodeIds.hashSecret(sessionSecret))).not.toBeNull();
    expect(sessionSecret.length).toBeGreaterThanOrEqual(43);
  });
});
