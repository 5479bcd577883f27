import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { appendImage, png, uploadImage } from '../support/images.ts';
import { Editor } from '../support/review.ts';
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

async function revisionCount(pageId: string): Promise<number> {
  return (await student.get<{ revisions: unknown[] }>(`/api/pages/${pageId}/revisions`)).body.revisions
    .length;
}

describe('submitting for review checks the images of the draft', () => {
  it('an image without alt text is refused with image_alt_missing and its block', async () => {
    const pageId = await createPage(student, 'Cellulitis');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Spreading erythema.');
    const up = await uploadImage(student, pageId, await png());
    const blockId = await appendImage(editor, (up.body as { id: string }).id, '   ');
    const res = await student.post(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'image_alt_missing', blockIds: [blockId] });
    expect(await revisionCount(pageId)).toBe(0);
    editor.close();
  });

  it('an image of another page, or an id that names no image, is refused with unknown_image', async () => {
    const other = await createPage(student, 'Another page');
    const foreign = (await uploadImage(student, other, await png())).body as { id: string };
    const pageId = await createPage(student, 'Impetigo');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Honey-coloured crusts.');
    const a = await appendImage(editor, foreign.id, 'Crusted lesions');
    const b = await appendImage(editor, '00000000-0000-4000-8000-000000000000', 'Nothing');
    const res = await student.post(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'unknown_image', blockIds: [a, b] });
    expect(await revisionCount(pageId)).toBe(0);
    editor.close();
  });

  it('an image of this page with alt text passes', async () => {
    const pageId = await createPage(student, 'Scabies');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Burrows in the finger webs.');
    const up = (await uploadImage(student, pageId, await png())).body as { id: string };
    await appendImage(editor, up.id, 'Burrows between the fingers');
    const res = await student.post(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    expect(res.status).toBe(201);
    editor.close();
  });
});
