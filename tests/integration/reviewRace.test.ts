import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { yieldingStorage } from '../support/yieldingStorage.ts';

// The real server on a store that yields between every call, as PostgreSQL would: two decisions
// on one revision interleave at every step of the use case.
let server: TestServer;
let admin: ApiClient;
type Person = Awaited<ReturnType<typeof createUser>>;
let student: Person;
let drPark: Person;
let drHaddad: Person;

beforeAll(async () => {
  // Many rounds of submissions on one page, faster than the per-page budget allows people.
  server = await startServer(
    { SUBMISSIONS_PER_PAGE_PER_MINUTE: '100', SUBMISSIONS_PER_HOUR: '100' },
    undefined,
    {
      wrapStorage: yieldingStorage,
    },
  );
  admin = await asAdmin(server.url);
  [student, drPark, drHaddad] = await Promise.all([
    createUser(admin, 'student', 'Amara Student'),
    createUser(admin, 'faculty', 'Dr Park'),
    createUser(admin, 'faculty', 'Dr Haddad'),
  ]);
});
afterAll(() => server.stop());

type Decision = 'approve' | 'request_changes';
const decide = (who: Person, revisionId: string, decision: Decision) =>
  who.client.post<{ error?: string }>(`/api/revisions/${revisionId}/reviews`, {
    decision,
    comment: decision === 'approve' ? 'Fine.' : 'Cite the guideline.',
  });

async function auditActionsFor(revisionId: string): Promise<string[]> {
  const res = await admin.get<{ entries: { action: string; target: string }[] }>('/api/audit?limit=1000');
  return res.body.entries.filter((e) => e.target === `revision:${revisionId}`).map((e) => e.action);
}

describe('racing decisions on one revision', () => {
  it('at most one decision wins, and state, publication, reviews and audit agree', async () => {
    const pageId = await createPage(student.client, 'Sepsis bundle');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      await editor.append(`Step ${round}: give fluids and reassess.`);
      const submitted = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
        message: `round ${round}`,
      });
      expect(submitted.status).toBe(201);
      const revisionId = submitted.body.id;
      // Even rounds: approve against request changes; odd rounds: two approvals, one publication.
      const second: Decision = round % 2 === 0 ? 'request_changes' : 'approve';
      const [a, b] = await Promise.all([
        decide(drPark, revisionId, 'approve'),
        decide(drHaddad, revisionId, second),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses, `round ${round}: ${JSON.stringify([a.body, b.body])}`).toEqual([201, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.body.error).toBe('conflict');
      const winner: Decision = a.status === 201 ? 'approve' : second;

      const revisions = await admin.get<{
        revisions: { id: string; state: string; reviews: { decision: string }[] }[];
      }>(`/api/pages/${pageId}/revisions`);
      const revision = revisions.body.revisions.find((r) => r.id === revisionId);
      expect(revision?.reviews.map((r) => r.decision)).toEqual([winner]);
      const page = await admin.get<{ publishedRevisionId: string | null }>(`/api/pages/${pageId}`);
      const actions = await auditActionsFor(revisionId);
      if (winner === 'approve') {
        expect(revision?.state).toBe('approved');
        expect(page.body.publishedRevisionId).toBe(revisionId);
        expect(actions).toEqual(['revision.submitted', 'review.approve', 'revision.published']);
      } else {
        expect(revision?.state).toBe('changes_requested');
        expect(page.body.publishedRevisionId).not.toBe(revisionId);
        expect(actions).toEqual(['revision.submitted', 'review.request_changes']);
      }
    }
    const verify = await admin.get('/api/audit/verify');
    expect(verify.body).toMatchObject({ ok: true });
    editor.close();
  });
  it('an approval racing a newer submission either publishes before it or is refused as superseded', async () => {
    const pageId = await createPage(student.client, 'Asthma plan');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    for (let round = 0; round < 8; round++) {
      await editor.append(`Version ${round}.`);
      const older = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {});
      expect(older.status).toBe(201);
      await editor.append(`Version ${round}, extended.`);
      const [approval, newer] = await Promise.all([
        decide(drPark, older.body.id, 'approve'),
        student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {}),
      ]);
      expect(newer.status).toBe(201);
      const states = Object.fromEntries(
        (
          await admin.get<{ revisions: { id: string; state: string }[] }>(`/api/pages/${pageId}/revisions`)
        ).body.revisions.map((r) => [r.id, r.state]),
      );
      const page = await admin.get<{ publishedRevisionId: string | null }>(`/api/pages/${pageId}`);
      expect(states[newer.body.id]).toBe('pending');
      if (approval.status === 201) {
        expect(states[older.body.id]).toBe('approved');
        expect(page.body.publishedRevisionId).toBe(older.body.id);
      } else {
        expect(approval.status).toBe(409);
        expect(approval.body.error).toBe('revision_superseded');
        expect(states[older.body.id]).toBe('superseded');
        expect(page.body.publishedRevisionId).not.toBe(older.body.id);
      }
      // Settle the page before the next round: the newest revision is signed off.
      expect((await decide(drHaddad, newer.body.id, 'approve')).status).toBe(201);
    }
    editor.close();
  });
});
