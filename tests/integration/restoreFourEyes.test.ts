import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { draftText, Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
type Person = Awaited<ReturnType<typeof createUser>>;
let student: Person;
let drA: Person;
let drB: Person;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  [student, drA, drB] = await Promise.all([
    createUser(admin, 'student', 'Sam Student'),
    createUser(admin, 'faculty', 'Dr A'),
    createUser(admin, 'faculty', 'Dr B'),
  ]);
});
afterAll(() => server.stop());

const submit = async (who: Person, pageId: string) => {
  const res = await who.client.post<{ id: string; contentHash: string }>(`/api/pages/${pageId}/revisions`, {
    message: 'Ready',
  });
  expect(res.status).toBe(201);
  return res.body;
};
const approve = (who: Person, revisionId: string) =>
  who.client.post<{ error: string; message: string }>(`/api/revisions/${revisionId}/reviews`, {
    decision: 'approve',
    comment: 'Fine.',
  });
const authorsOf = async (pageId: string, revisionId: string) =>
  (
    await admin.get<{ revisions: { id: string; authors: string[] }[] }>(`/api/pages/${pageId}/revisions`)
  ).body.revisions.find((r) => r.id === revisionId)?.authors;

/**
 * Faculty A writes a page and it is published as X (authors: A). A student then rewrites it, Y is
 * published, and the student brings A's text back and submits it as Z (Z's content hash is X's).
 */
async function walkAround(bringBack: (editor: Editor, x: { id: string }) => Promise<void>) {
  const pageId = await createPage(drA.client, `Potassium ${Math.random().toString(36).slice(2, 8)}`);
  const aEditor = await Editor.open(drA.client, server.wsUrl, pageId);
  await aEditor.append('Give calcium gluconate 10 mL of 10% over 10 minutes.');
  const x = await submit(drA, pageId);
  expect(await authorsOf(pageId, x.id)).toEqual([drA.id]);
  expect((await approve(drB, x.id)).status).toBe(201);
  aEditor.close();

  const editor = await Editor.open(student.client, server.wsUrl, pageId);
  await editor.rewrite(0, 'Give calcium chloride instead.');
  const y = await submit(student, pageId);
  expect((await approve(drB, y.id)).status).toBe(201);

  await bringBack(editor, x);
  const z = await submit(student, pageId);
  expect(z.contentHash).toBe(x.contentHash);
  editor.close();
  return { pageId, x, z };
}

describe('four-eyes holds through restore: authorship follows content', () => {
  it('a restored-then-submitted revision lists the restored content’s authors; its author cannot approve it, another reviewer can', async () => {
    const { pageId, z } = await walkAround(async (editor, restored) => {
      expect((await student.client.post(`/api/revisions/${restored.id}/restore`)).status).toBe(200);
      await eventually(async () => {
        if (!(await draftText(editor.api, editor.pageId)).includes('gluconate')) throw new Error('not yet');
      });
    });
    const authors = await authorsOf(pageId, z.id);
    expect(authors).toEqual(expect.arrayContaining([student.id, drA.id]));

    const refused = await approve(drA, z.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'forbidden' });
    expect((await admin.get(`/api/pages/${pageId}`)).body).not.toMatchObject({ publishedRevisionId: z.id });

    const signed = await approve(drB, z.id);
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ published: true });
  });

  it('nobody approves a revision whose content equals one they co-authored, even when retyped rather than restored', async () => {
    const { pageId, z } = await walkAround(async (editor) => {
      await editor.rewrite(0, 'Give calcium gluconate 10 mL of 10% over 10 minutes.');
    });
    // Typed by the student alone: the update log names only them...
    expect(await authorsOf(pageId, z.id)).toEqual([student.id]);
    // ...but the content is A's revision X, so A may not sign it off (the queue says so too).
    const queue = await drA.client.get<{ items: { revision: { id: string }; coAuthored: boolean }[] }>(
      '/api/review/queue',
    );
    expect(queue.body.items.find((i) => i.revision.id === z.id)).toMatchObject({ coAuthored: true });
    const refused = await approve(drA, z.id);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/same content as revision 1, which you co-authored/);
    expect((await approve(drB, z.id)).status).toBe(201);
  });
});
