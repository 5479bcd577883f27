import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { filesHolding, purge, storedForPage } from '../support/purge.ts';
import { draftText, Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

const NAME = 'Philippa Ostrowski';
const REASON = 'Patient name reported in a comment';
let server: TestServer;
let admin: ApiClient;
type Person = Awaited<ReturnType<typeof createUser>>;
let student: Person;
let faculty: Person;
let learner: Person;
let pageId: string;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  [student, faculty, learner] = await Promise.all([
    createUser(admin, 'student'),
    createUser(admin, 'faculty'),
    createUser(admin, 'learner'),
  ]);
  pageId = await createPage(student.client, 'Delirium');
  const editor = await Editor.open(student.client, server.wsUrl, pageId);
  await editor.append(`${NAME} became agitated overnight.`);
  editor.close();
  const submitted = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
    message: 'First draft',
  });
  // Published, so learners see the page and are refused by role (not hidden from it).
  const approved = await faculty.client.post(`/api/revisions/${submitted.body.id}/reviews`, {
    decision: 'approve',
    comment: 'Fine.',
  });
  expect(approved.status).toBe(201);
});
afterAll(async () => {
  await server.stop();
});

/** Nothing of the page changed: draft, revisions, log, audit. */
async function unchanged(): Promise<void> {
  expect(await draftText(student.client, pageId)).toContain(NAME);
  const stored = storedForPage(server.dataDir, pageId);
  expect(stored.revisions.every((r) => r.text.includes(NAME))).toBe(true);
  expect(stored.audit.some((a) => a.action === 'page.purged')).toBe(false);
  expect(stored.purgedClients).toEqual([]);
  const listing = await student.client.get<{ revisions: { purgedAt: string | null }[] }>(
    `/api/pages/${pageId}/revisions`,
  );
  expect(listing.body.revisions.every((r) => r.purgedAt === null)).toBe(true);
}

describe('purge refusals change nothing', () => {
  it('refuses everyone but an admin with 403, whatever the body', async () => {
    for (const client of [student.client, faculty.client, learner.client]) {
      expect((await purge(client, pageId, { text: NAME, reason: REASON })).status).toBe(403);
      expect((await purge(client, pageId, { nonsense: true })).status).toBe(403);
    }
    await unchanged();
  });

  it('refuses a reason that repeats the text in another case, spacing or Unicode form, or holds identifiers', async () => {
    const [first, last] = NAME.split(' ') as [string, string];
    const reasons = [
      `Remove ${NAME.toUpperCase()} please`,
      `Remove ${first}\u00a0${last} please`,
      `Remove ${first} \u200b${last} please`,
      `Remove ${first}  ${last} please`,
      `Remove ${NAME.normalize('NFD')} please`,
      'Patient MRN 12345678 was typed into the page',
    ];
    for (const reason of reasons) {
      const res = await purge(admin, pageId, { text: NAME, reason });
      expect(res.status, reason).toBe(400);
      expect(res.body.message).toMatch(/reason/i);
    }
    await unchanged();
  }, 30_000);

  it('refuses bad input with 400 and a clear message', async () => {
    const cases: unknown[] = [
      {},
      { text: NAME },
      { text: '', reason: REASON },
      { text: '   \n\t ', reason: REASON },
      { text: 'x'.repeat(1_001), reason: REASON },
      { text: NAME, reason: 'too short' },
      { text: NAME, reason: 'r'.repeat(1_001) },
      { text: NAME, reason: `Remove ${NAME} please` },
      { text: '\ud800', reason: REASON },
      { text: NAME, reason: REASON, extra: 1 },
      { text: 42, reason: REASON },
      { text: '9'.repeat(100_000), reason: ' '.repeat(100_000) },
    ];
    for (const body of cases) {
      const res = await purge(admin, pageId, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(typeof res.body.message).toBe('string');
    }
    await unchanged();
  });

  it('answers 404 when the text is nowhere in the page or its history', async () => {
    const res = await purge(admin, pageId, { text: 'Nobody McAbsent', reason: REASON });
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/not found/i);
    expect((await purge(admin, 'no-such-page', { text: NAME, reason: REASON })).status).toBe(404);
    await unchanged();
    expect(filesHolding(server.dataDir, NAME).length).toBeGreaterThan(0);
  });
});
