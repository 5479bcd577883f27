import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { commentOn, publishGuidelines } from '../support/professionalism.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

describe('reporting a safety concern is never behind the guidelines gate', () => {
  it('under enforced guidelines, someone who has not acknowledged them can file a report, and nothing else', async () => {
    const { client: author } = await createUser(admin, 'student');
    const pageId = await createPage(author, 'Sepsis');
    const commentId = await commentOn(author, pageId, 'A comment naming a patient');
    await publishGuidelines(admin, '# Conduct\n\nBe professional.', true);
    const { client: student } = await createUser(admin, 'student');
    const { client: faculty } = await createUser(admin, 'faculty');

    const other = await student.post('/api/pages', { title: 'Gout' });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: 'guidelines_not_acknowledged' });

    const filed = await student.post<{ id: string }>('/api/reports', {
      targetType: 'comment',
      targetId: commentId,
      reason: 'patient_information',
      note: 'Names a patient',
    });
    expect(filed.status).toBe(201);
    const page = await student.post('/api/reports', {
      targetType: 'page',
      targetId: pageId,
      reason: 'patient_information',
    });
    expect(page.status).toBe(201);

    // Moderating is not a safety report: resolving stays behind the gate.
    const resolve = await faculty.post(`/api/reports/${filed.body.id}/resolve`, {
      action: 'hide',
      reason: 'Identifies a patient',
    });
    expect(resolve.status).toBe(403);
    expect(resolve.body).toMatchObject({ error: 'guidelines_not_acknowledged' });
  });
});
