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

describe('learners cannot tell an unpublished page from a missing one', () => {
  it('every page route answers 404 with the same body for both', async () => {
    const pageId = await createPage(student, `Unpublished ${Math.random().toString(36).slice(2, 8)}`);
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Unpublished draft text.');
    const rev = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    const thread = await student.post<{ id: string }>(`/api/pages/${pageId}/threads`, {
      anchor: { start: 'AAAA', end: 'AAAB' },
      quote: 'x',
      body: 'A comment',
    });
    expect(thread.status).toBe(201);
    const missing = '00000000-0000-4000-8000-000000000000';
    const gets = (id: string) => [
      `/api/pages/${id}`,
      `/api/pages/${id}/content`,
      `/api/pages/${id}/content?version=published&format=html`,
      `/api/pages/${id}/content?version=draft`,
      `/api/pages/${id}/content?version=draft&format=text`,
      `/api/pages/${id}/content?version=${rev.body.id}`,
      `/api/pages/${id}/revisions`,
      `/api/pages/${id}/diff?from=published&to=draft`,
      `/api/pages/${id}/references`,
      `/api/pages/${id}/threads`,
      `/api/pages/${id}/published-blocks`,
    ];
    const [real, fake] = [gets(pageId), gets(missing)];
    for (const [i, path] of real.entries()) {
      const a = await learner.get(path);
      const b = await learner.get(fake[i] ?? '');
      expect(a.status, path).toBe(404);
      expect(a.body, path).toEqual(b.body);
      expect(JSON.stringify(a.body), path).not.toContain('Unpublished draft');
    }
    const writes: [string, string, unknown][] = [
      ['POST', 'revisions', { message: 'x' }],
      ['POST', 'threads', { anchor: { start: 'AAAA', end: 'AAAB' }, quote: 'x', body: 'hi' }],
      ['POST', 'references', { import: '@article{a, title={T}, year={2020}}' }],
      ['PUT', 'collection', { collectionId: null }],
    ];
    for (const [method, tail, body] of writes) {
      const a = await learner.request(method, `/api/pages/${pageId}/${tail}`, body);
      const b = await learner.request(method, `/api/pages/${missing}/${tail}`, body);
      expect(a.status, tail).toBe(b.status);
      expect(a.body, tail).toEqual(b.body);
    }
    // Over WebSocket too: a learner is refused with the status of a page that does not exist.
    const upgrade = (id: string) =>
      upgradeStatus(server.wsUrl, `/collab/${id}`, { cookie: learner.cookie ?? '' });
    expect(await upgrade(pageId)).toBe(await upgrade(missing));
    // Routes keyed by revision or thread do not tell them apart either.
    for (const [real, fake] of [
      [`/api/revisions/${rev.body.id}/reviews`, `/api/revisions/${missing}/reviews`],
      [`/api/revisions/${rev.body.id}/restore`, `/api/revisions/${missing}/restore`],
      [`/api/threads/${thread.body.id}/comments`, `/api/threads/${missing}/comments`],
    ] as const) {
      const body = { decision: 'approve', comment: 'x', body: 'x' };
      const a = await learner.post(real, body);
      const b = await learner.post(fake, body);
      expect(a.status, real).toBe(b.status);
      expect(a.body, real).toEqual(b.body);
    }
    editor.close();
  });

  it('learners see only what the published view needs of collections: no reviewers, no empty collections', async () => {
    const reviewer = await createUser(admin, 'faculty');
    const shown = await admin.post<{ id: string }>('/api/collections', {
      name: `Cardiology ${Math.random().toString(36).slice(2, 8)}`,
      reviewerIds: [reviewer.id],
    });
    const hidden = await admin.post<{ id: string }>('/api/collections', {
      name: `Drafts only ${Math.random().toString(36).slice(2, 8)}`,
      reviewerIds: [reviewer.id],
    });
    const { pageId, editor } = await publishedPage(['Published cardiology text.']);
    await admin.request('PUT', `/api/pages/${pageId}/collection`, { collectionId: shown.body.id });
    const draftOnly = await createPage(student, 'Draft in hidden collection');
    await admin.request('PUT', `/api/pages/${draftOnly}/collection`, { collectionId: hidden.body.id });

    type Listed = { collections: Record<string, unknown>[] };
    const seen = (await learner.get<Listed>('/api/collections')).body.collections;
    expect(seen.map((c) => c.id)).toContain(shown.body.id);
    expect(seen.map((c) => c.id)).not.toContain(hidden.body.id);
    for (const c of seen) expect(c).not.toHaveProperty('reviewerIds');
    expect(seen.find((c) => c.id === shown.body.id)).toMatchObject({ pageCount: 1 });
    // Editors and admins still see the whole picture.
    const all = (await admin.get<Listed>('/api/collections')).body.collections;
    expect(all.find((c) => c.id === hidden.body.id)).toMatchObject({
      reviewerIds: [reviewer.id],
      pageCount: 1,
    });
    editor.close();
  });
});

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
    // The key stays (the contract lists it) but never tells a learner that a draft is in review.
    expect(page.body).toMatchObject({
      published: true,
      publishedRevisionId: revisionId,
      pendingReview: false,
      unreviewedBlocks: 0,
      uncitedClaims: 0,
    });
    expect((await student.get(`/api/pages/${pageId}`)).body).toMatchObject({ pendingReview: true });
    const list = await learner.get<{ pages: { id: string; pendingReview: boolean }[] }>('/api/pages');
    expect(list.body.pages.find((p) => p.id === pageId)).toMatchObject({ pendingReview: false });
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
