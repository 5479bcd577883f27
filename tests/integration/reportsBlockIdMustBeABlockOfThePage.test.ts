import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  appendBlock,
  auditEntries,
  commentOn,
  publishDraft,
  type ReportView,
} from '../support/professionalism.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;
let faculty: ApiClient;
let learner: ApiClient;
let pageId: string;
let publishedBlock: string;
let draftBlock: string;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  [student, faculty, learner] = (
    await Promise.all([
      createUser(admin, 'student'),
      createUser(admin, 'faculty'),
      createUser(admin, 'learner'),
    ])
  ).map((p) => p.client) as [ApiClient, ApiClient, ApiClient];
  pageId = await createPage(student, 'Hyponatraemia');
  publishedBlock = await appendBlock(student, server.wsUrl, pageId, 'Correct chronic hyponatraemia slowly.');
  await publishDraft(student, faculty, pageId);
  draftBlock = await appendBlock(student, server.wsUrl, pageId, 'Check the serum osmolality first.');
});
afterAll(async () => {
  await server.stop();
});

const pageReport = (blockId: string) => ({
  targetType: 'page',
  targetId: pageId,
  blockId,
  quote: 'the passage',
  reason: 'patient_information',
  note: '',
});

const storedReports = async (): Promise<ReportView[]> =>
  (await admin.get<{ reports: ReportView[] }>('/api/reports?state=all')).body.reports;

describe('a report points only at a real block of the page, and the audit holds no reporter text', () => {
  it('refuses a free-text block id with 400 and stores nothing of it', async () => {
    const before = (await storedReports()).length;
    for (const blockId of [
      'zorblattine MRN 12345678',
      `${publishedBlock} zorblattine`,
      publishedBlock.toUpperCase().replace(/-/g, '_'),
      'y1-2-zorblattine',
      '9'.repeat(100),
    ]) {
      const res = await student.post('/api/reports', pageReport(blockId));
      expect(res.status, blockId).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_failed' });
    }
    const long = await student.post('/api/reports', pageReport('a'.repeat(100_000)));
    expect(long.status).toBe(400);
    expect(await storedReports()).toHaveLength(before);
    const audit = JSON.stringify(await auditEntries(admin, 'report.created'));
    expect(audit).not.toContain('zorblattine');
  });

  it('refuses a block the page does not have, as the reporter can read it (learners: the published revision)', async () => {
    const elsewhere = await createPage(student, 'Another page');
    const otherBlock = await appendBlock(student, server.wsUrl, elsewhere, 'A block of another page.');
    const missing = '0b7c2a5e-3f1d-4c6a-9e8b-1a2b3c4d5e6f';
    for (const [who, client, blockId] of [
      ['student, no such block', student, missing],
      ["student, another page's block", student, otherBlock],
      ['learner, a draft-only block', learner, draftBlock],
    ] as const) {
      const res = await client.post('/api/reports', pageReport(blockId));
      expect(res.status, who).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_failed' });
    }
    expect((await learner.post('/api/reports', pageReport(publishedBlock))).status).toBe(201);
    expect((await student.post('/api/reports', pageReport(draftBlock))).status).toBe(201);
    expect((await student.post('/api/reports', pageReport(publishedBlock))).status).toBe(201);
    // A comment report has no passage.
    const commentId = await commentOn(student, pageId, 'A comment');
    const onComment = await student.post('/api/reports', {
      targetType: 'comment',
      targetId: commentId,
      blockId: publishedBlock,
      reason: 'unprofessional',
      note: '',
    });
    expect(onComment.status).toBe(400);
  });

  it('audits report.created with ids and the reason code only: no note, quote or block id', async () => {
    const filed = await student.post<{ id: string }>('/api/reports', {
      ...pageReport(publishedBlock),
      quote: 'Quoted Zebediah passage',
      note: 'Noted Zebediah Quimby',
    });
    expect(filed.status).toBe(201);
    const entry = (await auditEntries(admin, 'report.created')).find(
      (e) => e.data.reportId === filed.body.id,
    );
    expect(entry?.data).toEqual({
      reportId: filed.body.id,
      targetType: 'page',
      pageId,
      reason: 'patient_information',
    });
    const all = JSON.stringify([
      ...(await auditEntries(admin, 'report.created')),
      ...(await auditEntries(admin, 'report.resolved')),
    ]);
    for (const text of ['Zebediah', publishedBlock, draftBlock]) expect(all).not.toContain(text);
    // The moderator still sees where it points.
    const listed = (await storedReports()).find((r) => r.id === filed.body.id);
    expect(listed?.target).toMatchObject({ blockId: publishedBlock, quote: 'Quoted Zebediah passage' });
  });
});
