import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
type Person = Awaited<ReturnType<typeof createUser>>;
let student: Person;
let faculty: Person;
let faculty2: Person;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  [student, faculty, faculty2] = await Promise.all([
    createUser(admin, 'student', 'Amara Student'),
    createUser(admin, 'faculty', 'Dr Park'),
    createUser(admin, 'faculty', 'Dr Haddad'),
  ]);
});
afterAll(() => server.stop());

const submit = async (pageId: string, message: string) => {
  const res = await student.client.post<{ id: string; seq: number }>(`/api/pages/${pageId}/revisions`, {
    message,
  });
  expect(res.status).toBe(201);
  return res.body;
};
const decide = (who: Person, revisionId: string, decision: 'approve' | 'request_changes') =>
  who.client.post<{ error: string; message: string }>(`/api/revisions/${revisionId}/reviews`, {
    decision,
    comment: 'Noted.',
  });
const states = async (pageId: string) =>
  Object.fromEntries(
    (
      await admin.get<{ revisions: { id: string; state: string }[] }>(`/api/pages/${pageId}/revisions`)
    ).body.revisions.map((r) => [r.id, r.state]),
  );
const queue = async (who: Person) =>
  (
    await who.client.get<{ items: { page: { id: string }; revision: { id: string; seq: number } }[] }>(
      '/api/review/queue',
    )
  ).body.items;

describe('the review queue holds each page once, with its newest revision', () => {
  it('submitting a newer revision supersedes the older pending one; the queue and count show one card', async () => {
    const pageId = await createPage(student.client, 'Hyperkalaemia');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Give calcium gluconate.');
    const r1 = await submit(pageId, 'first');
    await editor.append('Then insulin with glucose.');
    const r2 = await submit(pageId, 'second');
    expect(await states(pageId)).toEqual({ [r1.id]: 'superseded', [r2.id]: 'pending' });

    const items = (await queue(faculty)).filter((i) => i.page.id === pageId);
    expect(items.map((i) => i.revision.id)).toEqual([r2.id]);
    const count = await faculty.client.get<{ count: number }>('/api/review/queue/count');
    expect(count.body.count).toBe((await queue(faculty)).length);

    const audit = await admin.get<{ entries: { action: string; target: string; data?: unknown }[] }>(
      '/api/audit?limit=1000',
    );
    expect(audit.body.entries.find((e) => e.target === `revision:${r2.id}`)).toMatchObject({
      action: 'revision.submitted',
      data: { superseded: [r1.id] },
    });
    editor.close();
  });

  it('a decision on a superseded revision is refused with 409 revision_superseded and changes nothing', async () => {
    const pageId = await createPage(student.client, 'Asthma');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Inhaled corticosteroids.');
    const r1 = await submit(pageId, 'first');
    await editor.append('Salbutamol as needed.');
    const r2 = await submit(pageId, 'second');

    for (const decision of ['approve', 'request_changes'] as const) {
      const res = await decide(faculty, r1.id, decision);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        error: 'revision_superseded',
        message: 'A newer revision of this page was submitted; this one is superseded',
      });
    }
    expect(await states(pageId)).toEqual({ [r1.id]: 'superseded', [r2.id]: 'pending' });
    const page = await admin.get<{ publishedRevisionId: string | null }>(`/api/pages/${pageId}`);
    expect(page.body.publishedRevisionId).toBeNull();

    // The newest one is still open to a decision.
    expect((await decide(faculty, r2.id, 'approve')).status).toBe(201);
    editor.close();
  });

  it('a decision on an already decided revision is a 409 conflict that says what happened', async () => {
    const pageId = await createPage(student.client, 'Anaphylaxis');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Adrenaline 0.5 mg IM.');
    const approved = await submit(pageId, 'first');
    expect((await decide(faculty, approved.id, 'approve')).status).toBe(201);
    const late = await decide(faculty2, approved.id, 'request_changes');
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('conflict');
    expect(late.body.message).toMatch(/already approved/);

    await editor.append('Repeat after five minutes.');
    const returned = await submit(pageId, 'second');
    expect((await decide(faculty, returned.id, 'request_changes')).status).toBe(201);
    const again = await decide(faculty2, returned.id, 'approve');
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('conflict');
    expect(again.body.message).toMatch(/Changes were already requested/);
    const page = await admin.get<{ publishedRevisionId: string | null }>(`/api/pages/${pageId}`);
    expect(page.body.publishedRevisionId).toBe(approved.id);
    editor.close();
  });
});
