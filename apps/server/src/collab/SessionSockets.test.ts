import { AuthService, SessionEndings, UserService, type PasswordHasher } from '@rounds/domain';
import { CollabCloseCode } from '@rounds/shared';
import { createSqliteStorage } from '@rounds/storage-sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeIds } from '../infra/nodeIds.ts';
import { createLogger } from '../logger.ts';
import { closeFor, SessionSockets, type RevocableSocket } from './SessionSockets.ts';

const plainHasher: PasswordHasher = {
  hash: (p) => Promise.resolve(`plain:${p}`),
  verify: (h, p) => Promise.resolve(h === `plain:${p}`),
};

const open: SessionSockets[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

async function setup(policy = { idleTimeoutMs: 60 * 60_000, absoluteTimeoutMs: 8 * 60 * 60_000 }) {
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
    policy,
    endings,
    storage.audit,
  );
  await users.bootstrapAdmin('a@example.org', 'password-123');
  const sockets = new SessionSockets(auth, clock, createLogger('silent'));
  open.push(sockets);
  endings.subscribe(sockets.sessionsEnded);
  const signIn = async () => {
    const { sessionSecret } = await auth.login('a@example.org', 'password-123');
    const found = await auth.authenticateSession(sessionSecret);
    if (!found) throw new Error('no session');
    const { session } = found;
    return {
      secret: sessionSecret,
      grant: {
        sessionId: session.id,
        userId: session.userId,
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
      },
    };
  };
  return { auth, sockets, signIn, advance: (ms: number) => (now += ms) };
}

function socket(): RevocableSocket & { closes: number[] } {
  const closes: number[] = [];
  return { closes, revoke: (code) => closes.push(code) };
}

describe('sockets by session', () => {
  it('revokes a socket of a session that ended while its upgrade was being authorized', async () => {
    const { auth, sockets, signIn } = await setup();
    const { secret, grant } = await signIn();
    const mark = sockets.mark;
    await auth.logout(secret); // lands between authorization and accept
    const late = socket();
    expect(sockets.add(grant, late, mark)).toBe(false);
    expect(late.closes).toEqual([CollabCloseCode.Unauthenticated]);
    // An ending before the mark was already seen by the authorization itself.
    const other = await signIn();
    const kept = socket();
    expect(sockets.add(other.grant, kept, sockets.mark)).toBe(true);
    expect(kept.closes).toEqual([]);
  });

  it('revokes only the sessions an ending names', async () => {
    const { auth, sockets, signIn } = await setup();
    const a = await signIn();
    const b = await signIn();
    const sa = socket();
    const sb = socket();
    sockets.add(a.grant, sa, sockets.mark);
    sockets.add(b.grant, sb, sockets.mark);
    await auth.logout(a.secret);
    expect(sa.closes).toEqual([CollabCloseCode.Unauthenticated]);
    expect(sb.closes).toEqual([]);
  });

  it('refuses an update past the absolute timeout at once, without waiting for the periodic check', async () => {
    const { sockets, signIn, advance } = await setup({
      idleTimeoutMs: 60 * 60_000,
      absoluteTimeoutMs: 10_000,
    });
    const { grant } = await signIn();
    const s = socket();
    sockets.add(grant, s, sockets.mark);
    advance(9_000);
    expect(sockets.noteActivity(grant.sessionId)).toBe(true);
    advance(1_001);
    expect(sockets.noteActivity(grant.sessionId)).toBe(false);
    expect(s.closes).toEqual([CollabCloseCode.Unauthenticated]);
  });

  it('maps reasons to close codes: 4403 only when editing is no longer allowed', () => {
    const end = (reason: Parameters<typeof closeFor>[0]['reason'], role?: 'learner' | 'faculty') =>
      closeFor({ userId: 'u', sessions: { kind: 'all' }, reason, ...(role ? { role } : {}) }).code;
    expect(end('disabled')).toBe(CollabCloseCode.Forbidden);
    expect(end('role_changed', 'learner')).toBe(CollabCloseCode.Forbidden);
    expect(end('role_changed', 'faculty')).toBe(CollabCloseCode.Unauthenticated);
    for (const r of ['signed_out', 'replaced', 'expired', 'password_changed', 'password_reset'] as const) {
      expect(end(r)).toBe(CollabCloseCode.Unauthenticated);
    }
  });
});
