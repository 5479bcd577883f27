import type * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { draftText, Editor } from '../support/review.ts';
import { eventually } from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let student: ApiClient;

beforeAll(async () => {
  server = await startServer();
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
});
afterAll(async () => {
  await server.stop();
});

describe('patient-identifier guard and links', () => {
  it('refuses a record URL hidden behind innocent link text', async () => {
    const pageId = await createPage(student, 'Heart failure follow-up');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Diuretics relieve congestion.');
    const frag = editor.collab.doc.getXmlFragment('default');
    const p = frag.get(0) as Y.XmlElement;
    const text = p.get(0) as Y.XmlText;
    text.insert(text.length, ' See the chart', {
      link: { href: 'https://emr.hospital.local/patients/chart?mrn=88421377' },
    });
    await eventually(async () => {
      if (!(await draftText(student, pageId)).includes('See the chart')) throw new Error('not stored yet');
    });

    const res = await student.post<{ error: string; findings: { kind: string; excerpt: string }[] }>(
      `/api/pages/${pageId}/revisions`,
      { message: 'Ready' },
    );
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('phi_detected');
    expect(JSON.stringify(res.body)).not.toContain('88421377');
    editor.close();
  });
});
