import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import { startServer, type TestServer } from '../support/server.ts';

// With PUBLIC_URL set the server trusts X-Forwarded-For from the loopback proxy, so one test
// process can speak from many addresses.
let server: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startServer({ PUBLIC_URL: 'https://rounds.example.edu' });
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

const signIn = (ip: string, email: string, password: string) =>
  new ApiClient(server.url).request(
    'POST',
    '/api/auth/login',
    { email, password },
    { 'x-forwarded-for': ip },
  );

describe('login throttling under concurrency', () => {
  it('60 concurrent guesses from one address: at most 5 are evaluated, then even the right password is refused', async () => {
    const victim = await createUser(admin, 'student');
    const guesses = Array.from({ length: 60 }, (_, i) =>
      signIn('203.0.113.60', victim.email, `guess-${i}-zzzz`),
    );
    const statuses = (await Promise.all(guesses)).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // Had the right password been among them, it would have been refused like this:
    const right = await signIn('203.0.113.60', victim.email, TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ error: 'rate_limited' });
    // …but only from that address.
    expect((await signIn('198.51.100.60', victim.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('a sign-in that succeeds is not counted: many people behind one address all get in', async () => {
    const people = await Promise.all([1, 2, 3].map(() => createUser(admin, 'student')));
    const statuses: number[] = [];
    for (let round = 0; round < 20; round++) {
      const batch = people.map((p) => signIn('203.0.113.61', p.email, TEST_PASSWORD));
      statuses.push(...(await Promise.all(batch)).map((r) => r.status));
    }
    expect(statuses).toHaveLength(60);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('a success clears the address+account count: a person who mistypes now and then is never blocked', async () => {
    const person = await createUser(admin, 'student');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++)
        expect((await signIn('203.0.113.62', person.email, 'typo-typo-typo')).status).toBe(401);
      expect((await signIn('203.0.113.62', person.email, TEST_PASSWORD)).status).toBe(200);
    }
  });
});

describe('targeted lockout', () => {
  it('20 wrong guesses spread over 5 addresses never lock the real user out, however long it goes on', async () => {
    const victim = await createUser(admin, 'student');
    const spread = async (first: number, addresses: number) => {
      const wrong = [];
      for (let a = 0; a < addresses; a++) {
        // 4 per address: under the per-address+account limit, so only the per-account count sees them.
        for (let i = 0; i < 4; i++)
          wrong.push(signIn(`192.0.2.${first + a}`, victim.email, `guess-${a}-${i}-xx`));
      }
      const statuses = (await Promise.all(wrong)).map((r) => r.status);
      expect(statuses.every((s) => s === 401)).toBe(true);
    };
    await spread(1, 5);
    let started = Date.now();
    const first = await signIn('198.51.100.70', victim.email, TEST_PASSWORD);
    expect(first.status).toBe(200);
    // Slowed down, but never more than a few seconds.
    expect(Date.now() - started).toBeLessThan(8_000);
    // The attacker keeps going from fresh addresses; the real user still gets in.
    await spread(10, 10);
    started = Date.now();
    expect((await signIn('198.51.100.71', victim.email, TEST_PASSWORD)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('an address that sprays many accounts is blocked for all of them, other addresses are not', async () => {
    const sprayed = await Promise.all(Array.from({ length: 13 }, () => createUser(admin, 'student')));
    const attempts = sprayed.flatMap((p, n) =>
      [0, 1, 2, 3].map((i) => signIn('203.0.113.80', p.email, `spray-${n}-${i}-xx`)),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(50);
    const real = sprayed[0];
    if (!real) throw new Error('no users');
    const blocked = await signIn('203.0.113.80', real.email, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: 'rate_limited' });
    expect((await signIn('198.51.100.80', real.email, TEST_PASSWORD)).status).toBe(200);
  });
});
