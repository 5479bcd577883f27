import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { connectCollab, eventually, waitSynced } from '../support/collab.ts';
import { filesHolding, purge, storedForPage } from '../support/purge.ts';
import { draftText, Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

const REASON = 'Patient information in the page';
let server: TestServer;
let admin: ApiClient;
let student: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = await createUser(admin, 'student');
});
afterAll(async () => {
  await server.stop();
});

describe('a purge finds decoded text, never encoding bytes', () => {
  it('a one-character text found only in the encoding ("[", a quote) answers 404 and rewrites nothing', async () => {
    const pageId = await createPage(student.client, 'Plain page');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Sepsis is organ dysfunction.');
    // JSON columns (a reference's CSL) hold "[", "{" and quotes as syntax only.
    const ref = await student.client.post(`/api/pages/${pageId}/references`, {
      csl: { type: 'article-journal', title: 'Sepsis', issued: { 'date-parts': [[2020]] } },
    });
    expect(ref.status).toBe(201);
    for (const text of ['[', '"', '{', 'date-parts'])
      expect((await purge(admin, pageId, { text, reason: REASON })).status).toBe(404);
    editor.close();
    expect(storedForPage(server.dataDir, pageId).purgedClients).toEqual([]);
    expect(await draftText(student.client, pageId)).toContain('Sepsis is organ dysfunction.');
  });

  it('a name typed one character per update and then deleted is found in the log and purged', async () => {
    const S = 'Zanzibarquist';
    const pageId = await createPage(student.client, 'Typing page');
    const c = connectCollab(server.wsUrl, pageId, student.client.cookie);
    await waitSynced(c);
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText('Seen: ');
    p.insert(0, [t]);
    c.doc.getXmlFragment('default').insert(0, [p]);
    for (const ch of S) {
      t.insert(t.length, ch);
      await new Promise((r) => setTimeout(r, 10));
    }
    await eventually(async () => {
      if (!(await draftText(student.client, pageId)).includes(S)) throw new Error('not yet');
    });
    t.delete(6, S.length);
    await eventually(async () => {
      if ((await draftText(student.client, pageId)).includes(S)) throw new Error('not yet');
    });
    c.destroy();
    const res = await purge(admin, pageId, { text: S, reason: REASON });
    expect(res.status).toBe(200);
    expect(storedForPage(server.dataDir, pageId).updateBlobs).toEqual([]);
  });

  it('text with a quote or a backslash is found and scrubbed in JSON columns (references)', async () => {
    const Q = 'Zed "the Quill" O\\Hara';
    const pageId = await createPage(student.client, 'Reference page');
    const ref = await student.client.post(`/api/pages/${pageId}/references`, {
      csl: { type: 'article-journal', title: `About ${Q}`, author: [{ family: 'Osler', given: 'W' }] },
    });
    expect(ref.status).toBe(201);
    expect(filesHolding(server.dataDir, Q).length).toBeGreaterThan(0);
    const res = await purge(admin, pageId, { text: Q, reason: REASON });
    expect(res.status).toBe(200);
    const refs = await student.client.get(`/api/pages/${pageId}/references`);
    expect(JSON.stringify(refs.body)).not.toContain(JSON.stringify(Q).slice(1, -1));
    expect(JSON.stringify(refs.body)).toContain('[removed]');
    expect(filesHolding(server.dataDir, Q)).toEqual([]);
  });

  it('look-alikes (decomposed accents, non-breaking and zero-width spaces) are found and purged', async () => {
    const NAME = 'Zoé Quillfeather';
    const pageId = await createPage(student.client, `Look-alike ${NAME.normalize('NFD')}`);
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`Seen: ${NAME.normalize('NFD')} and Zo\u200bé\u00a0Quillfeather.`);
    editor.close();
    const res = await purge(admin, pageId, { text: NAME, reason: REASON });
    expect(res.status).toBe(200);
    const draft = await draftText(student.client, pageId);
    expect(draft).toContain('Seen: [removed] and [removed].');
    const page = await student.client.get<{ title: string }>(`/api/pages/${pageId}`);
    expect(page.body.title).toBe('Look-alike [removed]');
  });
});
