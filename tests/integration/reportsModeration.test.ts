import type { AuditEntry } from '@rounds/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { appendBlock, commentOn, type ReportView } from '../support/professionalism.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
type Person = Awaited<ReturnType<typeof createUser>>;
let author: Person;
let reporter: Person;
let faculty: Person;
let pageId: string;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  [author, reporter, faculty] = await Promise.all([
    createUser(admin, 'student', 'Sam Author'),
    createUser(admin, 'student', 'Riley Reporter'),
    createUser(admin, 'faculty', 'Dr Moderator'),
  ]);
  pageId = await createPage(author.client, 'Delirium');
});
afterAll(async () => {
  await server.stop();
});

interface CommentBody {
  id: string;
  body: string;
  hidden: boolean;
  hiddenReason?: string;
}
async function commentAs(client: ApiClient, commentId: string): Promise<CommentBody | undefined> {
  const res = await client.get<{ threads: { comments: CommentBody[] }[] }>(`/api/pages/${pageId}/threads`);
  return res.body.threads.flatMap((t) => t.comments).find((c) => c.id === commentId);
}

const audit = async (): Promise<AuditEntry[]> =>
  (await admin.get<{ entries: AuditEntry[] }>('/api/audit?limit=1000')).body.entries;

describe('faculty moderate reports', () => {
  it('hides a reported comment: students get it without text, faculty with text and reason; audited with ids only', async () => {
    const commentId = await commentOn(author.client, pageId, 'Bed 4 is Mr Confidential, lol');
    const filed = await reporter.client.post<{ id: string }>('/api/reports', {
      targetType: 'comment',
      targetId: commentId,
      reason: 'patient_information',
      note: 'Private note naming someone',
    });
    expect(filed.status).toBe(201);
    const reportId = filed.body.id;

    const open = await faculty.client.get<{ reports: ReportView[] }>('/api/reports?state=open');
    const listed = open.body.reports.find((r) => r.id === reportId);
    expect(listed).toMatchObject({
      targetType: 'comment',
      target: { pageId, pageTitle: 'Delirium', commentId, commentExcerpt: 'Bed 4 is Mr Confidential, lol' },
      reporter: { id: reporter.id, name: 'Riley Reporter' },
      reason: 'patient_information',
      note: 'Private note naming someone',
      state: 'open',
      resolution: null,
    });
    expect((await faculty.client.get<{ open: number }>('/api/reports/count')).body.open).toBeGreaterThan(0);

    const hidden = await faculty.client.post(`/api/reports/${reportId}/resolve`, {
      action: 'hide',
      reason: 'Identifies a patient',
    });
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ id: reportId, state: 'resolved', action: 'hide' });

    expect(await commentAs(author.client, commentId)).toEqual(
      expect.objectContaining({ id: commentId, hidden: true, body: '' }),
    );
    expect(JSON.stringify(await commentAs(reporter.client, commentId))).not.toContain('Confidential');
    expect(await commentAs(faculty.client, commentId)).toMatchObject({
      body: 'Bed 4 is Mr Confidential, lol',
      hidden: true,
      hiddenReason: 'Identifies a patient',
    });

    // The reporter sees the outcome.
    const mine = await reporter.client.get<{ reports: ReportView[] }>('/api/reports/mine');
    expect(mine.body.reports.find((r) => r.id === reportId)).toMatchObject({
      state: 'resolved',
      resolution: { action: 'hide', reason: 'Identifies a patient', by: { name: 'Dr Moderator' } },
    });
    expect(mine.body.reports[0]?.target.commentExcerpt).toBeUndefined();
    expect((await author.client.get<{ reports: ReportView[] }>('/api/reports/mine')).body.reports).toEqual(
      [],
    );

    const entries = await audit();
    const created = entries.find((e) => e.action === 'report.created' && e.data.reportId === reportId);
    const resolved = entries.find((e) => e.action === 'report.resolved' && e.data.reportId === reportId);
    const hiddenEntry = entries.find((e) => e.action === 'comment.hidden' && e.data.commentId === commentId);
    expect(created).toMatchObject({ actor: reporter.id, data: { commentId, reason: 'patient_information' } });
    expect(resolved).toMatchObject({ actor: faculty.id, data: { action: 'hide' } });
    expect(hiddenEntry).toMatchObject({ actor: faculty.id, data: { reportId } });
    const text = JSON.stringify([created, resolved, hiddenEntry]);
    for (const secret of ['Confidential', 'Private note', 'Identifies a patient'])
      expect(text).not.toContain(secret);
    expect((await admin.get<{ ok: boolean }>('/api/audit/verify')).body.ok).toBe(true);
  });

  it('resolving twice is a conflict, and of two racing resolutions exactly one wins', async () => {
    const commentId = await commentOn(author.client, pageId, 'Another comment');
    const file = async () =>
      (
        await reporter.client.post<{ id: string }>('/api/reports', {
          targetType: 'comment',
          targetId: commentId,
          reason: 'unprofessional',
          note: '',
        })
      ).body.id;
    const first = await file();
    expect(
      (await faculty.client.post(`/api/reports/${first}/resolve`, { action: 'dismiss', reason: 'Fine' }))
        .status,
    ).toBe(200);
    const again = await admin.post(`/api/reports/${first}/resolve`, { action: 'hide', reason: 'No' });
    expect(again.status).toBe(409);
    expect(await commentAs(faculty.client, commentId)).toMatchObject({ hidden: false });

    const raced = await file();
    const answers = await Promise.all([
      faculty.client.post(`/api/reports/${raced}/resolve`, { action: 'hide', reason: 'A' }),
      admin.post(`/api/reports/${raced}/resolve`, { action: 'dismiss', reason: 'B' }),
      faculty.client.post(`/api/reports/${raced}/resolve`, { action: 'dismiss', reason: 'C' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const resolvedEntries = (await audit()).filter(
      (e) => e.action === 'report.resolved' && e.data.reportId === raced,
    );
    expect(resolvedEntries).toHaveLength(1);
  });

  it('a page report can be dismissed or marked resolved, not hidden; admins are offered the purge', async () => {
    const blockId = await appendBlock(
      author.client,
      server.wsUrl,
      pageId,
      'Delirium is acute and fluctuating.',
    );
    const filed = await reporter.client.post<{ id: string }>('/api/reports', {
      targetType: 'page',
      targetId: pageId,
      blockId,
      quote: 'the passage',
      reason: 'patient_information',
      note: 'Has a name in it',
    });
    expect(filed.status).toBe(201);
    const hide = await faculty.client.post(`/api/reports/${filed.body.id}/resolve`, {
      action: 'hide',
      reason: 'x',
    });
    expect(hide.status).toBe(400);
    const asAdminList = await admin.get<{ reports: ReportView[] }>('/api/reports?state=open');
    expect(asAdminList.body.reports.find((r) => r.id === filed.body.id)).toMatchObject({
      targetType: 'page',
      target: { pageId, blockId, quote: 'the passage', commentId: null },
      canPurge: true,
    });
    const asFaculty = await faculty.client.get<{ reports: ReportView[] }>('/api/reports?state=open');
    expect(asFaculty.body.reports.find((r) => r.id === filed.body.id)?.canPurge).toBe(false);
    const done = await admin.post(`/api/reports/${filed.body.id}/resolve`, {
      action: 'resolved',
      reason: 'Purged',
    });
    expect(done.status).toBe(200);
    const resolved = await faculty.client.get<{ reports: ReportView[] }>('/api/reports?state=resolved');
    expect(resolved.body.reports.map((r) => r.id)).toContain(filed.body.id);
    const open = await faculty.client.get<{ reports: ReportView[] }>('/api/reports');
    expect(open.body.reports.map((r) => r.id)).not.toContain(filed.body.id);
  });
});
