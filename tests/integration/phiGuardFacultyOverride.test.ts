import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let faculty: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  faculty = (await createUser(admin, 'faculty', 'Dr Park')).client;
});
afterAll(async () => {
  await server.stop();
});

interface AuditEntry {
  action: string;
  target: string;
  data: Record<string, unknown>;
}

describe('faculty override of the patient-identifier guard', () => {
  it('needs a justification (400), then submits and audits the kinds found, never the identifier', async () => {
    const pageId = await createPage(faculty, 'Teaching case');
    const editor = await Editor.open(faculty, server.wsUrl, pageId);
    await editor.append('Synthetic teaching record: MRN 12345678 for the simulated patient.');
    const url = `/api/pages/${pageId}/revisions`;

    expect((await faculty.post(url, { message: 'Case' })).status).toBe(422);
    const missing = await faculty.post<{ error: string }>(url, { message: 'Case', acknowledgePhi: true });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('validation_failed');
    const blank = await faculty.post(url, {
      acknowledgePhi: true,
      justification: `${' '.repeat(30)}too short`,
    });
    expect(blank.status).toBe(400);
    expect((await faculty.get<{ revisions: unknown[] }>(url)).body.revisions).toEqual([]);

    const accepted = await faculty.post<{ id: string }>(url, {
      message: 'Case',
      acknowledgePhi: true,
      justification: 'Simulated patient; MRN 12345678 was invented for the OSCE station.',
    });
    expect(accepted.status).toBe(201);

    const audit = await admin.get<{ entries: AuditEntry[] }>('/api/audit?limit=1000');
    const entry = audit.body.entries.find((e) => e.action === 'revision.phi_acknowledged');
    expect(entry?.target).toBe(`revision:${accepted.body.id}`);
    expect(entry?.data).toMatchObject({ pageId, kinds: { medical_record_number: 1 }, findings: 1 });
    expect(entry?.data.justification).toMatch(/invented for the OSCE station/);
    expect(
      audit.body.entries.some((e) => e.action === 'revision.submitted' && e.target === entry?.target),
    ).toBe(true);
    expect(JSON.stringify(audit.body)).not.toContain('12345678');
    editor.close();
  });
});
