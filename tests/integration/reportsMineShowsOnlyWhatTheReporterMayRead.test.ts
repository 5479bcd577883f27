import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { appendBlock, commentOn, publishDraft, type ReportView } from '../support/professionalism.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;
let faculty: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
});
afterAll(async () => {
  await server.stop();
});

const mine = async (client: ApiClient): Promise<ReportView[]> =>
  (await client.get<{ reports: ReportView[] }>('/api/reports/mine')).body.reports;

describe("a reporter's own views show only what the reporter may read", () => {
  it('a learner reporting a comment of an unpublished page is answered, but never shown its title or the comment', async () => {
    const learner = (await createUser(admin, 'learner')).client;
    const pageId = await createPage(student, 'Unpublished draft about Harrowgate');
    const commentId = await commentOn(student, pageId, 'HIDDENSECRET insulting text');

    const filed = await learner.post<{ id: string }>('/api/reports', {
      targetType: 'comment',
      targetId: commentId,
      reason: 'unprofessional',
      note: 'Rude',
    });
    expect(filed.status).toBe(201);
    expect(Object.keys(filed.body)).toEqual(['id']);
    expect((await learner.get(`/api/pages/${pageId}`)).status).toBe(404);

    const reports = await mine(learner);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ id: filed.body.id, target: { pageTitle: null, commentId } });
    for (const secret of ['Harrowgate', 'HIDDENSECRET', 'unpublished-draft'])
      expect(JSON.stringify(reports)).not.toContain(secret);

    // Resolving changes nothing of that; the moderator still sees the title.
    await faculty.post(`/api/reports/${filed.body.id}/resolve`, { action: 'hide', reason: 'Rude' });
    expect(JSON.stringify(await mine(learner))).not.toContain('Harrowgate');
    const queue = await faculty.get<{ reports: ReportView[] }>('/api/reports?state=all');
    expect(queue.body.reports.find((r) => r.id === filed.body.id)?.target.pageTitle).toBe(
      'Unpublished draft about Harrowgate',
    );
  });

  it('a learner sees the published title of a page renamed in its draft, and nothing once it is archived', async () => {
    const learner = (await createUser(admin, 'learner')).client;
    const pageId = await createPage(student, 'Hyponatraemia');
    const block = await appendBlock(student, server.wsUrl, pageId, 'Correct chronic hyponatraemia slowly.');
    await publishDraft(student, faculty, pageId);
    const filed = await learner.post<{ id: string }>('/api/reports', {
      targetType: 'page',
      targetId: pageId,
      blockId: block,
      reason: 'inaccurate',
      note: '',
    });
    expect(filed.status).toBe(201);
    const renamed = await student.request('PATCH', `/api/pages/${pageId}`, {
      title: 'Renamed Quillfeather case',
    });
    expect(renamed.status).toBe(200);

    expect((await mine(learner))[0]?.target.pageTitle).toBe('Hyponatraemia');
    expect(JSON.stringify(await mine(learner))).not.toContain('Quillfeather');

    const archived = await admin.post(`/api/pages/${pageId}/archive`);
    expect(archived.status).toBeLessThan(300);
    expect((await learner.get(`/api/pages/${pageId}`)).status).toBe(404);
    expect((await mine(learner))[0]?.target.pageTitle).toBeNull();
  });

  it('a student, who reads drafts, sees the current title of the page they reported', async () => {
    const pageId = await createPage(student, 'Delirium draft');
    const commentId = await commentOn(student, pageId, 'A comment');
    const reporter = (await createUser(admin, 'student')).client;
    await reporter.post('/api/reports', {
      targetType: 'comment',
      targetId: commentId,
      reason: 'unprofessional',
    });
    expect((await mine(reporter))[0]?.target).toMatchObject({ pageId, pageTitle: 'Delirium draft' });
    expect((await mine(reporter))[0]?.target.commentExcerpt).toBeUndefined();
  });
});
