import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student', 'Amara Student')).client;
});
afterAll(async () => {
  await server.stop();
});

type Refusal = {
  error: string;
  message: string;
  findings: { kind: string; excerpt: string; blockId: string }[];
};

describe('patient-identifier guard refuses a student', () => {
  it('answers 422 phi_detected with masked findings and stores no revision and no audit entry', async () => {
    const pageId = await createPage(student, 'Chest pain');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Patient John Smith, MRN 12345678, DOB 01/02/1960, presented with chest pain.');
    const before = (await admin.get<{ entries: unknown[] }>('/api/audit?limit=1000')).body.entries.length;

    const res = await student.post<Refusal>(`/api/pages/${pageId}/revisions`, { message: 'Ready' });

    expect(res.status).toBe(422);
    expect(res.body.error).toBe('phi_detected');
    expect(res.body.message).toMatch(/patient identifiers/);
    expect(res.body.findings.map((f) => f.kind)).toEqual(['person_name', 'medical_record_number', 'date']);
    expect(res.body.findings).toContainEqual(
      expect.objectContaining({ kind: 'medical_record_number', excerpt: 'MRN ••••5678' }),
    );
    for (const f of res.body.findings) expect(f.blockId).toMatch(/\S/);
    const body = JSON.stringify(res.body);
    for (const raw of ['12345678', 'John Smith', '01/02/1960']) expect(body).not.toContain(raw);

    const revisions = await student.get<{ revisions: unknown[] }>(`/api/pages/${pageId}/revisions`);
    expect(revisions.body.revisions).toEqual([]);
    expect((await admin.get<{ entries: unknown[] }>('/api/audit?limit=1000')).body.entries.length).toBe(
      before,
    );
    editor.close();
  });

  it('ignores a student’s acknowledgement: still 422 with the findings to fix', async () => {
    const pageId = await createPage(student, 'Syncope');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Call her on 416-555-0199 after discharge.');
    const res = await student.post<Refusal>(`/api/pages/${pageId}/revisions`, {
      message: 'Ready',
      acknowledgePhi: true,
      justification: 'This is a made-up teaching number.',
    });
    expect(res.status).toBe(422);
    expect(res.body.findings).toEqual([
      expect.objectContaining({ kind: 'phone', excerpt: 'Call •••-•••-0199' }),
    ]);
    expect(
      (await student.get<{ revisions: unknown[] }>(`/api/pages/${pageId}/revisions`)).body.revisions,
    ).toEqual([]);
    editor.close();
  });

  it('checks the page title too', async () => {
    const pageId = await createPage(student, 'Mrs. Nguyen, bed 4');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Community-acquired pneumonia: start amoxicillin 1 g three times daily.');
    const res = await student.post<Refusal>(`/api/pages/${pageId}/revisions`, { message: 'Ready' });
    expect(res.status).toBe(422);
    expect(res.body.findings.every((f) => f.blockId === 'title')).toBe(true);
    editor.close();
  });
});
