import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { commentOn } from '../support/professionalism.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;
let learner: ApiClient;
let pageId: string;
let commentId: string;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  learner = (await createUser(admin, 'learner')).client;
  pageId = await createPage(student, 'Draft only');
  commentId = await commentOn(student, pageId, 'A comment');
});
afterAll(async () => {
  await server.stop();
});

const valid = () => ({ targetType: 'comment', targetId: commentId, reason: 'unprofessional', note: 'Rude' });

describe('reports refuse bad input with a clear error and store nothing', () => {
  it('answers 400 for a wrong shape, target type, reason, block id or action', async () => {
    const cases: unknown[] = [
      {},
      { ...valid(), targetType: 'revision' },
      { ...valid(), reason: 'spam' },
      { ...valid(), targetId: '' },
      { ...valid(), targetId: 'x'.repeat(101) },
      { ...valid(), note: 42 },
      { ...valid(), blockId: '' },
      { ...valid(), blockId: 'b'.repeat(101) },
      'not an object',
      [valid()],
    ];
    for (const body of cases) {
      const res = await student.post('/api/reports', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_failed' });
    }
    const list = await admin.get<{ reports: unknown[] }>('/api/reports?state=all');
    expect(list.body.reports).toEqual([]);
    expect((await admin.get('/api/reports?state=closed')).status).toBe(400);
  });

  it('answers 413 for a note or quote over its cap, 404 for a missing comment', async () => {
    expect((await student.post('/api/reports', { ...valid(), note: 'n'.repeat(2_001) })).status).toBe(413);
    expect((await student.post('/api/reports', { ...valid(), quote: 'q'.repeat(301) })).status).toBe(413);
    const missing = await student.post('/api/reports', { ...valid(), targetId: 'no-such-comment' });
    expect(missing.status).toBe(404);
  });

  it('lets a learner report only pages they can read, and comments by id', async () => {
    const draftPage = await learner.post('/api/reports', {
      targetType: 'page',
      targetId: pageId,
      reason: 'inaccurate',
      note: '',
    });
    expect(draftPage.status).toBe(404);
    expect((await learner.post('/api/reports', valid())).status).toBe(201);
  });

  it('keeps the queue and resolving to faculty and admins', async () => {
    expect((await student.get('/api/reports?state=open')).status).toBe(403);
    expect((await learner.get('/api/reports')).status).toBe(403);
    const { body } = await student.post<{ id: string }>('/api/reports', valid());
    const res = await student.post(`/api/reports/${body.id}/resolve`, { action: 'dismiss', reason: 'no' });
    expect(res.status).toBe(403);
    expect(
      (await admin.post(`/api/reports/${body.id}/resolve`, { action: 'delete', reason: 'x' })).status,
    ).toBe(400);
    expect(
      (await admin.post(`/api/reports/${body.id}/resolve`, { action: 'dismiss', reason: ' ' })).status,
    ).toBe(400);
    expect((await admin.post('/api/reports/nope/resolve', { action: 'dismiss', reason: 'x' })).status).toBe(
      404,
    );
  });

  it('limits reports to 20 an hour per person (429)', async () => {
    const reporter = (await createUser(admin, 'student')).client;
    for (let i = 0; i < 20; i++) expect((await reporter.post('/api/reports', valid())).status).toBe(201);
    const refused = await reporter.post('/api/reports', valid());
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'rate_limited' });
  });
});
