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

describe('alt text that shows nothing counts as missing', () => {
  it('alt of only zero-width, soft-hyphen, filler, blank-Braille or combining characters is refused with image_alt_missing', async () => {
    const pageId = await createPage(student, 'Psoriasis');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Silvery plaques on the elbows.');
    const up = (await uploadImage(student, pageId, await png())).body as { id: string };
    const invisible = [
      '\u00ad',
      '\u3164',
      '\u2800',
      '\u0301',
      '\u0301\u0308 \u034f',
      '\u115f\u1160\uffa0',
      '\u180e',
      '\u2060 \u2063',
    ];
    const blockIds: string[] = [];
    for (const alt of invisible) blockIds.push(await appendImage(editor, up.id, alt));
    const res = await student.post(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'image_alt_missing' });
    expect([...(res.body.blockIds as string[])].sort()).toEqual([...blockIds].sort());
    editor.close();
  });

  it('a visible alt, even with combining accents, passes', async () => {
    const pageId = await createPage(student, 'Eczema');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Flexural dermatitis.');
    const up = (await uploadImage(student, pageId, await png())).body as { id: string };
    await appendImage(editor, up.id, 'Eczéma\u0301 in the antecubital fossa');
    const res = await student.post(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    expect(res.status).toBe(201);
    editor.close();
  });
});
