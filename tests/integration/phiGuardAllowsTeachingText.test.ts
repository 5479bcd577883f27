import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let student: ApiClient;

beforeAll(async () => {
  server = await startServer();
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student', 'Amara Okafor')).client;
});
afterAll(async () => {
  await server.stop();
});

const submit = (pageId: string) => student.post(`/api/pages/${pageId}/revisions`, { message: 'Ready' });

describe('patient-identifier guard lets teaching text through', () => {
  it('passes eponyms, authors, clinicians, doses, lab values, scores and trials', async () => {
    const pageId = await createPage(student, 'Atrial fibrillation');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append(
      'The CHA2DS2-VASc score (Lip GY et al., 2010) guides anticoagulation; Dr. Osler taught at the bedside.',
    );
    await editor.append(
      'Apixaban 5 mg twice daily; creatinine 133 µmol/L; BP 128/82 mmHg; the ARISTOTLE trial (2011) cut stroke by 21%.',
    );
    await editor.append(
      'Crohn disease, Glasgow Coma Scale, Whipple procedure and Wells criteria are eponyms.',
    );
    expect((await submit(pageId)).status).toBe(201);
    editor.close();
  });

  it('passes a name from the page’s reference list, which it refuses without that reference', async () => {
    const pageId = await createPage(student, 'Sepsis');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Measure lactate early, as Mrs. Evans urged in the Surviving Sepsis Campaign.');
    expect((await submit(pageId)).status).toBe(422);
    const added = await student.post(`/api/pages/${pageId}/references`, {
      csl: {
        type: 'article-journal',
        title: 'Surviving sepsis campaign: international guidelines 2021',
        author: [{ family: 'Evans', given: 'Laura' }],
        issued: { 'date-parts': [[2021]] },
      },
    });
    expect(added.status).toBe(201);
    expect((await submit(pageId)).status).toBe(201);
    editor.close();
  });

  it('passes the name of a Rounds user', async () => {
    const pageId = await createPage(student, 'Handover');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Ms. Okafor wrote this summary of the handover checklist.');
    expect((await submit(pageId)).status).toBe(201);
    editor.close();
  });
});
