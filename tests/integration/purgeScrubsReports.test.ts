import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { filesHolding, purge } from '../support/purge.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

const NAME = 'Wilhelmina Pettigrew';
let server: TestServer;
let admin: ApiClient;
let pageId: string;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  const student = await createUser(admin, 'student');
  const faculty = await createUser(admin, 'faculty');
  pageId = await createPage(student.client, 'Falls in hospital');
  const editor = await Editor.open(student.client, server.wsUrl, pageId);
  await editor.append(`${NAME} fell twice on the ward.`);
  editor.close();
  // A report of patient information quotes what it reports, and faculty answer it in their words.
  const report = await student.client.post<{ id: string }>('/api/reports', {
    targetType: 'page',
    targetId: pageId,
    reason: 'patient_information',
    note: `The page names ${NAME}, a real patient.`,
  });
  expect(report.status).toBe(201);
  const resolved = await faculty.client.post(`/api/reports/${report.body.id}/resolve`, {
    action: 'resolved',
    reason: `Purging ${NAME} from the history`,
  });
  expect(resolved.status).toBe(200);
});
afterAll(async () => {
  await server.stop();
});

describe('purge scrubs reports about the page', () => {
  it('removes the text from report notes and resolutions, and from the database files', async () => {
    expect(filesHolding(server.dataDir, NAME).length).toBeGreaterThan(0);
    const purged = await purge(admin, pageId, { text: NAME, reason: 'Patient name on a teaching page' });
    expect(purged.status).toBe(200);
    const reports = await admin.get<{ reports: unknown[] }>('/api/reports?state=all');
    expect(reports.status).toBe(200);
    expect(JSON.stringify(reports.body)).not.toContain(NAME);
    expect(filesHolding(server.dataDir, NAME)).toEqual([]);
  });
});
