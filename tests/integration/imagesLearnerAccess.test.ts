import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { appendImage, fetchImage, jpegWithGps, png, uploadImage } from '../support/images.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;
let otherStudent: ApiClient;
let faculty: ApiClient;
let learner: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  otherStudent = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
  learner = (await createUser(admin, 'learner')).client;
});
afterAll(async () => {
  await server.stop();
});

async function upload(pageId: string, file: Buffer): Promise<string> {
  const res = await uploadImage(student, pageId, file);
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

async function publish(pageId: string, message: string): Promise<void> {
  const rev = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message });
  expect(rev.status).toBe(201);
  const review = await faculty.post(`/api/revisions/${rev.body.id}/reviews`, {
    decision: 'approve',
    comment: 'ok',
  });
  expect(review.status).toBe(201);
}

describe('learners fetch only the images of published revisions', () => {
  it('a draft-only image is 404 for learners, readable by every student and faculty, and readable by learners once published', async () => {
    const pageId = await createPage(student, 'Herpes zoster');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Dermatomal vesicular rash.');
    const imageId = await upload(pageId, await jpegWithGps());
    await appendImage(editor, imageId, 'Vesicles along the T5 dermatome');

    expect((await fetchImage(learner, imageId)).status).toBe(404);
    const missing = await fetchImage(learner, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    // The same answer for an image that exists and one that does not: no existence oracle.
    expect((await fetchImage(learner, imageId)).bytes.toString()).toBe(missing.bytes.toString());
    expect((await fetchImage(otherStudent, imageId)).status).toBe(200);
    expect((await fetchImage(faculty, imageId)).status).toBe(200);
    const anonymous = await fetch(`${server.url}/api/images/${imageId}`);
    expect(anonymous.status).toBe(401);

    await publish(pageId, 'with the rash photo');
    expect((await fetchImage(learner, imageId)).status).toBe(200);
    // The published HTML shows it, and only as this site's image URL.
    const html = await learner.get<string>(`/api/pages/${pageId}/content?format=html`);
    expect(html.body).toContain(`<img src="/api/images/${imageId}" alt="Vesicles along the T5 dermatome"`);
    const text = await learner.get<string>(`/api/pages/${pageId}/content?format=text`);
    expect(text.body).toContain('[image: Vesicles along the T5 dermatome]');

    // A replacement image stays unseen by learners until its revision is published.
    const replacement = await upload(pageId, await png(20, 20));
    await appendImage(editor, replacement, 'A closer view');
    expect((await fetchImage(learner, replacement)).status).toBe(404);
    expect((await fetchImage(learner, imageId)).status).toBe(200);
    // Reviewers see it come in, with its id for a thumbnail.
    const diff = await faculty.get<{ changes: { type: string; after: string; images?: unknown }[] }>(
      `/api/pages/${pageId}/diff?from=published&to=draft`,
    );
    expect(diff.body.changes).toContainEqual(
      expect.objectContaining({
        type: 'added',
        after: '[image: A closer view]',
        images: { before: null, after: replacement },
      }),
    );
    // An image of the page that no revision shows: also 404.
    const unused = await upload(pageId, await png(10, 10));
    expect((await fetchImage(learner, unused)).status).toBe(404);

    await publish(pageId, 'closer view');
    expect((await fetchImage(learner, replacement)).status).toBe(200);

    // An archived page's images are gone for learners, kept for editors.
    expect((await faculty.post(`/api/pages/${pageId}/archive`)).status).toBe(200);
    expect((await fetchImage(learner, imageId)).status).toBe(404);
    expect((await fetchImage(student, imageId)).status).toBe(200);
    editor.close();
  });

  it('an image id that is not an id at all is 404, never a path', async () => {
    for (const id of ['..%2F..%2Frounds.db', 'x'.repeat(65), '%00', 'a.b']) {
      const res = await fetch(`${server.url}/api/images/${id}`, {
        headers: { cookie: student.cookie ?? '' },
      });
      expect(res.status).toBe(404);
    }
  });
});
