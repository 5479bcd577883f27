import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { upgradeStatus } from '../support/collab.ts';
import * as Y from 'yjs';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;
let faculty: ApiClient;
let learner: ApiClient;
let collectionId: string;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
  learner = (await createUser(admin, 'learner')).client;
  const c = await admin.post<{ id: string }>('/api/collections', { name: 'Emergency medicine' });
  collectionId = c.body.id;
});
afterAll(async () => {
  await server.stop();
});

const cookie = (c: ApiClient): Record<string, string> => ({ cookie: c.cookie ?? '' });

/** A page with a published revision (signed off by faculty) and a pending one, in the collection. */
async function publishedPage(
  title: string,
): Promise<{ pageId: string; revisionId: string; pendingId: string }> {
  const pageId = await createPage(student, title);
  expect((await admin.request('PUT', `/api/pages/${pageId}/collection`, { collectionId })).status).toBe(200);
  const editor = await Editor.open(student, server.wsUrl, pageId);
  await editor.append('Give antibiotics within one hour.');
  const rev = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
  expect(
    (await faculty.post(`/api/revisions/${rev.body.id}/reviews`, { decision: 'approve', comment: 'ok' }))
      .status,
  ).toBe(201);
  await editor.append('Measure lactate.');
  const pending = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v2' });
  expect(pending.status).toBe(201);
  editor.close();
  return { pageId, revisionId: rev.body.id, pendingId: pending.body.id };
}

const listedIds = async (client: ApiClient, query = ''): Promise<string[]> =>
  (await client.get<{ pages: { id: string }[] }>(`/api/pages${query}`)).body.pages.map((p) => p.id);

const countIn = async (client: ApiClient): Promise<number | undefined> =>
  (
    await client.get<{ collections: { id: string; pageCount: number }[] }>('/api/collections')
  ).body.collections.find((c) => c.id === collectionId)?.pageCount;

const queueIds = async (client: ApiClient): Promise<string[]> =>
  (await client.get<{ items: { page: { id: string } }[] }>('/api/review/queue')).body.items.map(
    (i) => i.page.id,
  );

const notifiedPages = async (client: ApiClient): Promise<string[]> =>
  (await client.get<{ notifications: { pageId: string }[] }>('/api/notifications')).body.notifications.map(
    (n) => n.pageId,
  );

describe('archiving a page', () => {
  it('takes it out of every list, the queue and the counts, and learners get 404 everywhere; unarchive restores it', async () => {
    const { pageId, revisionId } = await publishedPage('Sepsis archived');
    const before = { learner: await countIn(learner), admin: await countIn(admin) };
    for (const c of [student, faculty, admin, learner]) expect(await listedIds(c)).toContain(pageId);
    expect(await queueIds(faculty)).toContain(pageId);
    expect(await notifiedPages(faculty)).toContain(pageId);

    const archived = await faculty.post<{ id: string; archived: boolean }>(`/api/pages/${pageId}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: pageId, archived: true });

    for (const c of [student, faculty, admin, learner]) expect(await listedIds(c)).not.toContain(pageId);
    expect(await queueIds(faculty)).not.toContain(pageId);
    expect((await faculty.get<{ count: number }>('/api/review/queue/count')).body.count).toBe(0);
    expect(await notifiedPages(faculty)).not.toContain(pageId);
    expect(await countIn(learner)).toBe((before.learner ?? 0) - 1 || undefined);
    expect(await countIn(admin)).toBe((before.admin ?? 0) - 1);

    // Learners: as if the page never existed, on every route.
    for (const path of [
      `/api/pages/${pageId}`,
      `/api/pages/${pageId}/content`,
      `/api/pages/${pageId}/content?format=html`,
      `/api/pages/${pageId}/references`,
      `/api/pages/${pageId}/revisions`,
      `/api/pages/sepsis-archived`,
    ]) {
      expect((await learner.get(path)).status, path).toBe(404);
    }
    // The collaboration upgrade refuses learners (403) for every page, archived or not, and now
    // refuses editors too: an archived draft takes no edits.
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, cookie(learner))).toBe(403);
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, cookie(student))).toBe(403);

    // Editors opening it by link still see it, marked archived; its history stays.
    const view = await student.get<{ archived: boolean; archivedAt: string | null }>(`/api/pages/${pageId}`);
    expect(view.status).toBe(200);
    expect(view.body.archived).toBe(true);
    expect(view.body.archivedAt).toEqual(expect.any(String));
    const history = await student.get<{ revisions: { id: string; reviews: unknown[] }[] }>(
      `/api/pages/${pageId}/revisions`,
    );
    expect(history.body.revisions.map((r) => r.id)).toContain(revisionId);
    expect(history.body.revisions.find((r) => r.id === revisionId)?.reviews).toHaveLength(1);
    expect(await listedIds(student, '?archived=true')).toContain(pageId);
    expect((await learner.get('/api/pages?archived=true')).status).toBe(403);

    const restored = await admin.post<{ archived: boolean }>(`/api/pages/${pageId}/unarchive`);
    expect(restored.status).toBe(200);
    expect(restored.body.archived).toBe(false);
    for (const c of [student, learner]) expect(await listedIds(c)).toContain(pageId);
    expect(await listedIds(student, '?archived=true')).not.toContain(pageId);
    expect(await queueIds(faculty)).toContain(pageId);
    expect(await countIn(learner)).toBe(before.learner);
    expect((await learner.get(`/api/pages/${pageId}/content?format=text`)).body).toContain('antibiotics');
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, cookie(student))).toBe(101);
  });

  it('answers 409 to archiving an archived page and to unarchiving a live one', async () => {
    const pageId = await createPage(student, 'Twice archived');
    expect((await faculty.post(`/api/pages/${pageId}/unarchive`)).status).toBe(409);
    expect((await faculty.post(`/api/pages/${pageId}/archive`)).status).toBe(200);
    const again = await admin.post(`/api/pages/${pageId}/archive`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'conflict' });
  });

  it('is for faculty and admins: students get 403, learners 404, and nothing changes', async () => {
    const { pageId } = await publishedPage('Not for students');
    expect((await student.post(`/api/pages/${pageId}/archive`)).status).toBe(403);
    expect((await learner.post(`/api/pages/${pageId}/archive`)).status).toBe(403);
    expect((await learner.post(`/api/pages/no-such-page/archive`)).status).toBe(404);
    expect(await listedIds(learner)).toContain(pageId);
  });

  it('makes the page read-only: no rename, submission, reference or review until restored', async () => {
    const { pageId, pendingId } = await publishedPage('Read-only archive');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    const text = (editor.collab.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const at = (i: number) =>
      Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, i))).toString(
        'base64',
      );
    const anchor = { start: at(0), end: at(4) };
    const thread = await faculty.post<{ id: string }>(`/api/pages/${pageId}/threads`, {
      anchor,
      quote: 'Give',
      body: 'Which antibiotics?',
    });
    expect(thread.status).toBe(201);
    editor.close();
    await faculty.post(`/api/pages/${pageId}/archive`);
    const writes = [
      await student.request('PATCH', `/api/pages/${pageId}`, { title: 'Sneaky' }),
      await student.post(`/api/pages/${pageId}/revisions`, { message: 'v3' }),
      await student.post(`/api/pages/${pageId}/references`, { csl: { type: 'book', title: 'A book' } }),
      await faculty.post(`/api/revisions/${pendingId}/reviews`, { decision: 'approve', comment: 'ok' }),
      await faculty.post(`/api/revisions/${pendingId}/restore`),
      await faculty.post(`/api/threads/${thread.body.id}/comments`, { body: 'Any news?' }),
      await faculty.post(`/api/pages/${pageId}/threads`, { anchor, quote: 'Give', body: 'Another?' }),
    ];
    for (const res of writes) expect(res.status).toBe(409);
    // Reading stays allowed.
    expect((await faculty.get(`/api/pages/${pageId}/threads`)).status).toBe(200);
    await faculty.post(`/api/pages/${pageId}/unarchive`);
    expect(
      (await student.request('PATCH', `/api/pages/${pageId}`, { title: 'Read-only no more' })).status,
    ).toBe(200);
  });

  it('keeps the audit trail: archive and unarchive are audited next to the earlier entries', async () => {
    const { pageId } = await publishedPage('Audited archive');
    await faculty.post(`/api/pages/${pageId}/archive`);
    await admin.post(`/api/pages/${pageId}/unarchive`);
    const audit = await admin.get<{ entries: { action: string; target: string }[] }>('/api/audit?limit=1000');
    const actions = audit.body.entries.filter((e) => e.target === `page:${pageId}`).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['page.collection_set', 'page.archived', 'page.unarchived']),
    );
    expect(audit.body.entries.some((e) => e.target.startsWith('revision:'))).toBe(true);
    expect((await admin.get<{ ok: boolean }>('/api/audit/verify')).body.ok).toBe(true);
  });
});
