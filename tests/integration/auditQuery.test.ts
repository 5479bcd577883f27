import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, asAdmin, createUser, TEST_PASSWORD } from '../support/api.ts';
import { startServer, type TestServer } from '../support/server.ts';

interface Entry {
  seq: number;
  at: string;
  actor: string | null;
  actorName: string | null;
  action: string;
  target: string;
  data: Record<string, unknown>;
  hash: string;
  prevHash: string;
}

let server: TestServer;
let admin: ApiClient;
let people: Awaited<ReturnType<typeof createUser>>[];
let startedAt: number;
beforeAll(async () => {
  server = await startServer();
  startedAt = Date.now();
  admin = await asAdmin(server.url);
  people = [];
  for (let i = 0; i < 3; i++) people.push(await createUser(admin, 'student', `Audited Person ${i}`));
});
afterAll(() => server.stop());

const list = async (query: string): Promise<Entry[]> => {
  const res = await admin.get<{ entries: Entry[] }>(`/api/audit${query}`);
  expect(res.status).toBe(200);
  return res.body.entries;
};

describe('the audit list', () => {
  it('is oldest first by default, as before filters existed, with actor names and data', async () => {
    const all = await list('');
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => a - b));
    const created = all.find((e) => e.action === 'user.created' && e.target === `user:${people[1]?.id}`);
    expect(created).toMatchObject({ actorName: 'Administrator', data: { role: 'student' } });
    const signedIn = all.find((e) => e.action === 'auth.signed_in' && e.actor === people[2]?.id);
    expect(signedIn?.actorName).toBe('Audited Person 2');
  });

  it('filters by action (exact or a noun prefix), actor and target', async () => {
    const auth = await list('?action=auth.');
    expect(auth.length).toBeGreaterThanOrEqual(4);
    expect(auth.every((e) => e.action.startsWith('auth.'))).toBe(true);
    expect(await list('?action=auth.*')).toEqual(auth);
    const exact = await list('?action=user.created');
    // The admin from the environment first (no actor), then the people it created.
    expect(exact.map((e) => [e.actor, e.data.via])).toContainEqual([null, 'environment']);
    expect(exact.slice(1).map((e) => e.target)).toEqual(people.map((p) => `user:${p.id}`));
    // `%` and `_` are no wildcards.
    expect(await list('?action=%25')).toEqual([]);
    expect(await list('?action=user_created')).toEqual([]);

    const byActor = await list(`?actor=${people[0]?.id}`);
    expect(byActor.map((e) => e.action)).toEqual(['auth.signed_in']);
    const byTarget = await list(`?target=user:${people[0]?.id}`);
    expect(byTarget.map((e) => e.action)).toEqual(['user.created', 'auth.signed_in']);
    const users = await list('?target=user:');
    expect(users.length).toBeGreaterThanOrEqual(7);
    expect(users.every((e) => e.target.startsWith('user:'))).toBe(true);
  });

  it('pages newest first with before, and forward with after', async () => {
    const all = await list('?limit=1000');
    const newest = await list('?order=desc&limit=3');
    expect(newest.map((e) => e.seq)).toEqual(
      all
        .slice(-3)
        .reverse()
        .map((e) => e.seq),
    );
    const older = await list(`?before=${newest.at(-1)?.seq}&limit=3`);
    expect(older.map((e) => e.seq)).toEqual(
      all
        .slice(-6, -3)
        .reverse()
        .map((e) => e.seq),
    );
    const forward = await list(`?after=${all[1]?.seq}&limit=2`);
    expect(forward.map((e) => e.seq)).toEqual(all.slice(2, 4).map((e) => e.seq));

    // `next` continues a page that was full, and is null at the end.
    const page = async (q: string) =>
      (await admin.get<{ entries: Entry[]; next: number | null }>(`/api/audit${q}`)).body;
    expect((await page('?order=desc&limit=3')).next).toBe(newest.at(-1)?.seq);
    expect((await page(`?before=${all[2]?.seq}&limit=3`)).next).toBeNull();
    expect((await page('?action=auth.&limit=1000')).next).toBeNull();
  });

  it('filters by time, as ISO dates or epoch milliseconds', async () => {
    const all = await list('?limit=1000');
    const cut = Date.parse(all[3]?.at ?? '');
    const since = await list(`?from=${cut}`);
    expect(since[0]?.seq).toBe(all[3]?.seq);
    expect(await list(`?from=${new Date(cut).toISOString()}`)).toEqual(since);
    const until = await list(`?to=${cut - 1}`);
    expect(until.every((e) => Date.parse(e.at) < cut)).toBe(true);
    const today = new Date(startedAt).toISOString().slice(0, 10);
    expect((await list(`?from=${today}&to=${today}`)).length).toBe(all.length);
    expect(await list('?to=2000-01-01')).toEqual([]);
  });

  it('refuses unparsable dates, from after to, bad paging and bad filters with 400', async () => {
    for (const q of [
      '?from=yesterday',
      '?to=2026-13-45',
      '?from=2026-12-02&to=2026-12-01',
      `?from=${'9'.repeat(10_000)}`,
      '?limit=0',
      '?limit=1001',
      '?before=-1',
      '?after=abc',
      '?order=sideways',
      `?action=${'a'.repeat(201)}`,
      '?action=a&action=b',
    ]) {
      const res = await admin.get(`/api/audit${q}`);
      expect([q.slice(0, 40), res.status]).toEqual([q.slice(0, 40), 400]);
      expect(res.body).toMatchObject({ error: 'validation_failed' });
    }
  });

  it('is for admins only', async () => {
    const faculty = await createUser(admin, 'faculty');
    expect((await faculty.client.get('/api/audit')).status).toBe(403);
    expect((await faculty.client.get('/api/audit/verify')).status).toBe(403);
    expect((await new ApiClient(server.url).get('/api/audit')).status).toBe(401);
    // Sign-in still works for them afterwards (the refusals were not sign-in attempts).
    await new ApiClient(server.url).login(faculty.email, TEST_PASSWORD);
  });
});
