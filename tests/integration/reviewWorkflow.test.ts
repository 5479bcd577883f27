import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
type Person = Awaited<ReturnType<typeof createUser>>;
let student: Person;
let student2: Person;
let faculty: Person;
let faculty2: Person;
let learner: Person;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  [student, student2, faculty, faculty2, learner] = await Promise.all([
    createUser(admin, 'student', 'Amara Student'),
    createUser(admin, 'student', 'Liam Student'),
    createUser(admin, 'faculty', 'Dr Park'),
    createUser(admin, 'faculty', 'Dr Haddad'),
    createUser(admin, 'learner', 'Noah Learner'),
  ]);
});
afterAll(async () => {
  await server.stop();
});

async function pageWith(
  texts: string[],
  author: Person = student,
): Promise<{ pageId: string; editor: Editor }> {
  const pageId = await createPage(author.client, `Topic ${Math.random().toString(36).slice(2, 8)}`);
  const editor = await Editor.open(author.client, server.wsUrl, pageId);
  for (const t of texts) await editor.append(t);
  return { pageId, editor };
}

async function submit(client: ApiClient, pageId: string, message = 'Ready for review') {
  const res = await client.post<{ id: string; seq: number; contentHash: string }>(
    `/api/pages/${pageId}/revisions`,
    { message },
  );
  expect(res.status).toBe(201);
  return res.body;
}

const approve = (client: ApiClient, revisionId: string, extra: Record<string, unknown> = {}) =>
  client.post(`/api/revisions/${revisionId}/reviews`, {
    decision: 'approve',
    comment: 'Accurate.',
    ...extra,
  });

describe('revisions and sign-off', () => {
  it('a submitted revision snapshots the draft with its contributors and is pending', async () => {
    const { pageId, editor } = await pageWith(['Sepsis is life-threatening organ dysfunction.']);
    const other = await Editor.open(student2.client, server.wsUrl, pageId);
    await other.append('Measure lactate.');
    const rev = await submit(student.client, pageId);
    expect(rev.seq).toBe(1);
    expect(rev.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const list = await student.client.get<{
      revisions: { id: string; state: string; authors: string[]; createdBy: string; message: string }[];
    }>(`/api/pages/${pageId}/revisions`);
    expect(list.body.revisions[0]).toMatchObject({
      id: rev.id,
      state: 'pending',
      createdBy: student.id,
      message: 'Ready for review',
    });
    expect(list.body.revisions[0]?.authors).toEqual([student.id, student2.id]);
    const page = await student.client.get(`/api/pages/${pageId}`);
    expect(page.body).toMatchObject({ published: false, pendingReview: true, unreviewedBlocks: 2 });
    editor.close();
    other.close();
  });

  it('students and learners cannot approve; an author cannot sign off their own revision', async () => {
    const { pageId, editor } = await pageWith(['Give antibiotics within one hour.']);
    const rev = await submit(student.client, pageId);
    expect((await approve(student2.client, rev.id)).status).toBe(403);
    expect((await approve(learner.client, rev.id)).status).toBe(403);
    // A faculty member who edited the draft co-authored it (four-eyes).
    const facultyEditor = await Editor.open(faculty.client, server.wsUrl, pageId);
    await facultyEditor.append('Reassess after fluids.');
    const rev2 = await submit(student.client, pageId);
    const own = await approve(faculty.client, rev2.id);
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ error: 'forbidden' });
    expect((await approve(faculty2.client, rev2.id)).status).toBe(201);
    editor.close();
    facultyEditor.close();
  });

  it('approval publishes exactly the signed-off revision; later edits never change it', async () => {
    const { pageId, editor } = await pageWith(['Adrenaline 0.5 mg IM for anaphylaxis.']);
    const rev = await submit(student.client, pageId);
    const res = await approve(faculty.client, rev.id, { contentHash: rev.contentHash });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ published: true, revision: { state: 'approved' } });
    await editor.append('Unreviewed addition.');
    const published = await learner.client.get<string>(`/api/pages/${pageId}/content?format=text`);
    expect(published.status).toBe(200);
    expect(published.body).toBe('Adrenaline 0.5 mg IM for anaphylaxis.');
    const json = await admin.get<{ version: string; revisionId: string }>(`/api/pages/${pageId}/content`);
    expect(json.body).toMatchObject({ version: 'published', revisionId: rev.id });
    const page = await student.client.get(`/api/pages/${pageId}`);
    expect(page.body).toMatchObject({
      published: true,
      publishedRevisionId: rev.id,
      pendingReview: false,
      unreviewedBlocks: 1,
    });
    editor.close();
  });

  it('counts unreviewed blocks after edits: changed and new blocks, not untouched ones', async () => {
    const { pageId, editor } = await pageWith(['One.', 'Two.', 'Three.']);
    await approve(faculty.client, (await submit(student.client, pageId)).id);
    const count = async () =>
      (await student.client.get<{ unreviewedBlocks: number }>(`/api/pages/${pageId}`)).body.unreviewedBlocks;
    expect(await count()).toBe(0);
    await editor.rewrite(1, 'Two, revised.');
    expect(await count()).toBe(1);
    await editor.append('Four.');
    expect(await count()).toBe(2);
    const diff = await student.client.get<{ changes: unknown[] }>(
      `/api/pages/${pageId}/diff?from=published&to=draft`,
    );
    expect(diff.body.changes).toEqual([
      expect.objectContaining({ type: 'changed', before: 'Two.', after: 'Two, revised.' }),
      expect.objectContaining({ type: 'added', before: null, after: 'Four.' }),
    ]);
    editor.close();
  });

  it('publishing a revision supersedes earlier open ones', async () => {
    const { pageId, editor } = await pageWith(['First draft.']);
    const r1 = await submit(student.client, pageId);
    await editor.append('More detail.');
    const r2 = await submit(student.client, pageId);
    await approve(faculty.client, r2.id);
    const list = await admin.get<{ revisions: { id: string; state: string }[] }>(
      `/api/pages/${pageId}/revisions`,
    );
    const states = Object.fromEntries(list.body.revisions.map((r) => [r.id, r.state]));
    expect(states).toEqual({ [r1.id]: 'superseded', [r2.id]: 'approved' });
    expect((await approve(faculty2.client, r1.id)).status).toBe(409);
    editor.close();
  });

  it('request changes marks the revision and keeps the published one', async () => {
    const { pageId, editor } = await pageWith(['Claim without evidence.']);
    const r1 = await submit(student.client, pageId);
    const res = await faculty.client.post(`/api/revisions/${r1.id}/reviews`, {
      decision: 'request_changes',
      comment: 'Cite a source.',
    });
    expect(res.status).toBe(201);
    const list = await student.client.get<{
      revisions: { state: string; reviews: { comment: string; decision: string }[] }[];
    }>(`/api/pages/${pageId}/revisions`);
    expect(list.body.revisions[0]).toMatchObject({
      state: 'changes_requested',
      reviews: [{ decision: 'request_changes', comment: 'Cite a source.' }],
    });
    expect((await learner.client.get(`/api/pages/${pageId}`)).status).toBe(404);
    editor.close();
  });

  it('refuses bad reviews: unknown revision 404, stale hash 409, double review 409, long comment 413', async () => {
    const { pageId, editor } = await pageWith(['Text.']);
    await admin.request('PUT', `/api/pages/${pageId}/collection`, { collectionId: null });
    const twoNeeded = await admin.post<{ id: string }>('/api/collections', {
      name: `Strict ${pageId}`,
      requiredApprovals: 2,
    });
    expect(twoNeeded.status).toBe(201);
    await admin.request('PUT', `/api/pages/${pageId}/collection`, { collectionId: twoNeeded.body.id });
    const rev = await submit(student.client, pageId);
    expect((await approve(faculty.client, '00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await approve(faculty.client, rev.id, { contentHash: 'f'.repeat(64) })).status).toBe(409);
    expect((await approve(faculty.client, rev.id, { comment: 'x'.repeat(5001) })).status).toBe(413);
    const first = await approve(faculty.client, rev.id);
    expect(first.body).toMatchObject({ published: false });
    const queued = async (who: Person) =>
      (await who.client.get<{ items: { revision: { id: string } }[] }>('/api/review/queue')).body.items.map(
        (i) => i.revision.id,
      );
    expect(await queued(faculty)).not.toContain(rev.id);
    expect(await queued(faculty2)).toContain(rev.id);
    const count = async (who: Person) =>
      (await who.client.get<{ count: number }>('/api/review/queue/count')).body.count;
    expect(await count(faculty2)).toBe((await queued(faculty2)).length);
    expect((await approve(faculty.client, rev.id)).status).toBe(409);
    const second = await approve(faculty2.client, rev.id);
    expect(second.body).toMatchObject({ published: true });
    editor.close();
  });

  it('a collection with named reviewers accepts sign-off only from them', async () => {
    const { pageId, editor } = await pageWith(['Cardiology content.']);
    const col = await admin.post<{ id: string }>('/api/collections', {
      name: `Cardio ${pageId}`,
      reviewerIds: [faculty2.id],
    });
    await admin.request('PUT', `/api/pages/${pageId}/collection`, { collectionId: col.body.id });
    const rev = await submit(student.client, pageId);
    expect((await approve(faculty.client, rev.id)).status).toBe(403);
    // Nor can a faculty member move the page out of the collection to get around that.
    expect(
      (await faculty.client.request('PUT', `/api/pages/${pageId}/collection`, { collectionId: null })).status,
    ).toBe(403);
    expect((await approve(faculty2.client, rev.id)).status).toBe(201);
    editor.close();
  });

  it('restore as draft writes a revision back into the live document, attributed to the restorer', async () => {
    const { pageId, editor } = await pageWith(['Original wording.']);
    const r1 = await submit(student.client, pageId);
    await approve(faculty.client, r1.id);
    await editor.rewrite(0, 'Vandalised.');
    const res = await student2.client.post(`/api/revisions/${r1.id}/restore`);
    expect(res.status).toBe(200);
    await expect.poll(() => editor.collab.text(), { timeout: 5000 }).toBe('Original wording.');
    const text = await student.client.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(text.body).toBe('Original wording.');
    await editor.append('Then improved.');
    const r2 = await submit(student.client, pageId);
    const list = await admin.get<{ revisions: { id: string; authors: string[] }[] }>(
      `/api/pages/${pageId}/revisions`,
    );
    expect(list.body.revisions.find((r) => r.id === r2.id)?.authors).toContain(student2.id);
    editor.close();
  });

  it('refuses to submit an unchanged draft or an empty one', async () => {
    const { pageId, editor } = await pageWith(['Stable.']);
    await approve(faculty.client, (await submit(student.client, pageId)).id);
    expect((await student.client.post(`/api/pages/${pageId}/revisions`, { message: 'again' })).status).toBe(
      409,
    );
    const empty = await createPage(student.client, 'Empty page');
    expect((await student.client.post(`/api/pages/${empty}/revisions`, {})).status).toBe(400);
    expect((await learner.client.post(`/api/pages/${pageId}/revisions`, {})).status).toBe(403);
    editor.close();
  });

  it('records sign-offs and publications in a verifiable hash-chained audit log', async () => {
    const audit = await admin.get<{ entries: { action: string; hash: string; prevHash: string }[] }>(
      '/api/audit',
    );
    const actions = audit.body.entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'revision.submitted',
        'review.approve',
        'revision.published',
        'revision.restored',
        'user.created',
      ]),
    );
    for (let i = 1; i < audit.body.entries.length; i++) {
      expect(audit.body.entries[i]?.prevHash).toBe(audit.body.entries[i - 1]?.hash);
    }
    expect((await admin.get('/api/audit/verify')).body).toMatchObject({ ok: true });
    expect((await faculty.client.get('/api/audit')).status).toBe(403);
  });
});

describe('review details for the UI', () => {
  it('names the reviewers of the published revision and serves its block hashes to editors only', async () => {
    const { pageId, editor } = await pageWith(['Reviewed content.']);
    const rev = await submit(student.client, pageId);
    await approve(faculty.client, rev.id);
    const page = await learner.client.get<{ reviewedBy: { name: string }[]; publishedAt: string }>(
      `/api/pages/${pageId}`,
    );
    expect(page.body.reviewedBy.map((r) => r.name)).toEqual(['Dr Park']);
    expect(Date.parse(page.body.publishedAt)).toBeGreaterThan(0);
    const blocks = await student.client.get<{ revisionId: string; blocks: { id: string; hash: string }[] }>(
      `/api/pages/${pageId}/published-blocks`,
    );
    expect(blocks.body.revisionId).toBe(rev.id);
    expect(blocks.body.blocks).toHaveLength(1);
    expect((await learner.client.get(`/api/pages/${pageId}/published-blocks`)).status).toBe(403);
    editor.close();
  });
});
