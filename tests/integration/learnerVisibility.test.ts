import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { upgradeStatus } from '../support/collab.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let now = Date.parse('2026-01-10T09:00:00Z');
const clock = { now: () => now };
const DAY = 24 * 60 * 60 * 1000;

let server: TestServer;
let admin: ApiClient;
let learner: ApiClient;
let learnerEmail: string;
let faculty: ApiClient;
let student: ApiClient;

beforeAll(async () => {
  server = await startServer({}, undefined, { clock });
  admin = await asAdmin(server.url);
  const l = await createUser(admin, 'learner');
  learner = l.client;
  learnerEmail = l.email;
  faculty = (await createUser(admin, 'faculty')).client;
  student = (await createUser(admin, 'student')).client;
});
afterAll(async () => {
  await server.stop();
});

async function publishedPage(
  texts: string[],
): Promise<{ pageId: string; revisionId: string; editor: Editor }> {
  const pageId = await createPage(student, `Published ${Math.random().toString(36).slice(2, 8)}`);
  const editor = await Editor.open(student, server.wsUrl, pageId);
  for (const t of texts) await editor.append(t);
  const rev = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
  await faculty.post(`/api/revisions/${rev.body.id}/reviews`, { decision: 'approve', comment: 'ok' });
  return { pageId, revisionId: rev.body.id, editor };
}

describe('learners see only published content', () => {
  it('never see drafts or unpublished revisions by any route', async () => {
    const { pageId, revisionId, editor } = await publishedPage(['Published text.']);
    await editor.append('Secret draft text.');
    const pending = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v2' });
    const routes = [
      `/api/pages/${pageId}/content?version=draft`,
      `/api/pages/${pageId}/content?version=draft&format=html`,
      `/api/pages/${pageId}/content?version=${pending.body.id}`,
      `/api/pages/${pageId}/revisions`,
      `/api/pages/${pageId}/diff?from=published&to=draft`,
      `/api/pages/${pageId}/diff?from=${revisionId}&to=${pending.body.id}`,
      `/api/review/queue`,
    ];
    for (const path of routes) {
      const res = await learner.get(path);
      expect(res.status, path).toBe(403);
      expect(JSON.stringify(res.body), path).not.toContain('Secret draft');
    }
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, { cookie: learner.cookie ?? '' })).toBe(
      403,
    );
    for (const format of ['json', 'text', 'html']) {
      const res = await learner.get(`/api/pages/${pageId}/content?version=published&format=${format}`);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).toContain('Published text.');
      expect(JSON.stringify(res.body)).not.toContain('Secret draft');
    }
    expect((await learner.get(`/api/pages/${pageId}/content?version=${revisionId}`)).status).toBe(200);
    const page = await learner.get(`/api/pages/${pageId}`);
    expect(page.body).toMatchObject({
      published: true,
      publishedRevisionId: revisionId,
      pendingReview: true,
    });
    const list = await learner.get<{ pages: { id: string }[] }>('/api/pages');
    expect(list.body.pages.map((p) => p.id)).toContain(pageId);
    const unpublished = await createPage(student, 'Never published');
    expect(list.body.pages.map((p) => p.id)).not.toContain(unpublished);
    expect((await learner.get(`/api/pages/${unpublished}`)).status).toBe(404);
    editor.close();
  });

  it('reports review due once the sign-off is older than the collection allows', async () => {
    const { pageId, editor } = await publishedPage(['Dated guidance.']);
    const col = await admin.post<{ id: string }>('/api/collections', {
      name: 'Fast-moving',
      reviewValidDays: 30,
    });
    await admin.request('PUT', `/api/pages/${pageId}/collection`, { collectionId: col.body.id });
    // The same clock ends sessions, so sign in again after each jump in time.
    const due = async () => {
      const fresh = await new ApiClient(server.url).login(learnerEmail, TEST_PASSWORD);
      return (await fresh.get<{ reviewDue: boolean }>(`/api/pages/${pageId}`)).body.reviewDue;
    };
    const adminNow = async () => new ApiClient(server.url).login('admin@example.org', 'admin-password-1');
    expect(await due()).toBe(false);
    now += 29 * DAY;
    expect(await due()).toBe(false);
    now += 2 * DAY;
    expect(await due()).toBe(true);
    await (await adminNow()).request('PUT', `/api/pages/${pageId}/collection`, { collectionId: null });
    expect(await due()).toBe(false); // default validity is 365 days
    now += 365 * DAY;
    expect(await due()).toBe(true);
    editor.close();
  });
});
