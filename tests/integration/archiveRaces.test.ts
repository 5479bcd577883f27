import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { yieldingStorage } from '../support/yieldingStorage.ts';

// The real server on a store that yields between every call, as PostgreSQL would: a submission
// or a restore racing an archive interleaves with it at every step. Whatever wins, nothing is
// submitted to or restored into a page after it was archived.
let server: TestServer;
let admin: ApiClient;
type Person = Awaited<ReturnType<typeof createUser>>;
let student: Person;
let faculty: Person;

beforeAll(async () => {
  server = await startServer({ SUBMISSIONS_PER_HOUR: '100' }, undefined, { wrapStorage: yieldingStorage });
  admin = await asAdmin(server.url);
  [student, faculty] = await Promise.all([createUser(admin, 'student'), createUser(admin, 'faculty')]);
});
afterAll(() => server.stop());

interface AuditEntry {
  action: string;
  target: string;
  data?: Record<string, unknown>;
}

/** The page's archive, submission and restore entries, in log order. */
async function lifeOf(pageId: string): Promise<string[]> {
  const res = await admin.get<{ entries: AuditEntry[] }>('/api/audit?limit=1000');
  return res.body.entries
    .filter((e) => e.target === `page:${pageId}` || e.data?.pageId === pageId)
    .map((e) => e.action)
    .filter((a) => /^(page\.archived|revision\.submitted|revision\.restored)$/.test(a));
}

describe('submit and restore racing an archive', () => {
  it('never land after the archive: the loser is refused with 409 and leaves no trace', async () => {
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      const pageId = await createPage(student.client, `Race ${round}`);
      const editor = await Editor.open(student.client, server.wsUrl, pageId);
      await editor.append(`Original text ${round}.`);
      const first = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
        message: 'v1',
      });
      expect(first.status).toBe(201);
      await editor.append(`Second paragraph ${round}.`);
      editor.close();

      const mode = round % 2 === 0 ? 'restore' : 'submit';
      const write =
        mode === 'restore'
          ? student.client.post<{ error?: string; message?: string }>(
              `/api/revisions/${first.body.id}/restore`,
            )
          : student.client.post<{ error?: string; message?: string }>(`/api/pages/${pageId}/revisions`, {
              message: 'v2',
            });
      await sleep(Math.floor(round / 2) % 4);
      const archive = faculty.client.post(`/api/pages/${pageId}/archive`);
      const [written, archived] = await Promise.all([write, archive]);
      expect(archived.status, `round ${round}`).toBe(200);

      const life = await lifeOf(pageId);
      const at = life.indexOf('page.archived');
      expect(at, `round ${round}: ${life.join(' > ')}`).toBeGreaterThanOrEqual(0);
      expect(life.slice(at + 1), `round ${round} (${mode}): ${life.join(' > ')}`).toEqual([]);
      const action = mode === 'restore' ? 'revision.restored' : 'revision.submitted';
      const landed = life.filter((a) => a === action).length - (mode === 'submit' ? 1 : 0);
      if (written.status === 409) {
        expect(written.body.error).toBe('conflict');
        expect(written.body.message).toMatch(/archived/);
        expect(landed, `round ${round}: refused but recorded`).toBe(0);
      } else {
        expect(written.status, `round ${round}: ${JSON.stringify(written.body)}`).toBe(
          mode === 'restore' ? 200 : 201,
        );
        expect(landed).toBe(1);
      }
    }
    expect((await admin.get<{ ok: boolean }>('/api/audit/verify')).body.ok).toBe(true);
  });
});
