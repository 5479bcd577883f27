import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { png, uploadImage } from '../support/images.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

/**
 * Red team (images, F5): 1,005 trivial edits and, in the same change, another picture in the last
 * block. The diff listed the first 1,000 changes and counted the rest; the queue card listed 50: the
 * swap was shown nowhere, and the approved revision gave learners a picture nobody reviewed.
 */

let server: TestServer;
let student: ApiClient;
let faculty: ApiClient;

beforeAll(async () => {
  server = await startServer();
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
});
afterAll(async () => {
  await server.stop();
});

interface Diff {
  changes: { blockId: string; images?: { before: string | null; after: string | null } }[];
  truncatedChanges?: number;
  imageChanges?: number;
}
interface Queue {
  items: {
    page: { id: string };
    changes: { blockId: string }[];
    truncatedChanges: number;
    imageChanges: number;
  }[];
}

const draftHas = async (pageId: string, needle: string): Promise<void> => {
  await eventually(async () => {
    const r = await student.get(`/api/pages/${pageId}/content?version=draft`);
    if (!JSON.stringify(r.body).includes(needle)) throw new Error('not stored yet');
  }, 30_000);
};

describe('an image swap is never hidden behind many other changes', () => {
  it('is listed in the review diff and in the queue digest past their change caps', async () => {
    const pageId = await createPage(student, 'Pneumonia');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    const reviewed = ((await uploadImage(student, pageId, await png(20, 20))).body as { id: string }).id;
    const swapped = ((await uploadImage(student, pageId, await png(21, 21))).body as { id: string }).id;
    const frag = editor.collab.doc.getXmlFragment('default');
    const N = 1_005;
    editor.collab.doc.transact(() => {
      const els: Y.XmlElement[] = [];
      for (let i = 0; i < N; i++) {
        const p = new Y.XmlElement('paragraph');
        p.setAttribute('id', `p${i}`);
        p.insert(0, [new Y.XmlText(`Line ${i} about pneumonia`)]);
        els.push(p);
      }
      const img = new Y.XmlElement('image');
      img.setAttribute('id', 'xray');
      img.setAttribute('imageId', reviewed);
      img.setAttribute('alt', 'Chest X-ray, PA view');
      els.push(img);
      frag.insert(0, els);
    });
    await draftHas(pageId, 'xray');
    const v1 = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    expect(v1.status).toBe(201);
    const approved = await faculty.post(`/api/revisions/${v1.body.id}/reviews`, {
      decision: 'approve',
      comment: 'ok',
    });
    expect(approved.status).toBeLessThan(300);

    editor.collab.doc.transact(() => {
      for (let i = 0; i < N; i++) {
        const t = (frag.get(i) as Y.XmlElement).get(0) as Y.XmlText;
        t.insert(t.length, '.');
      }
      (frag.get(N) as Y.XmlElement).setAttribute('imageId', swapped);
    });
    await draftHas(pageId, swapped);
    const v2 = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
      message: 'typo fixes',
    });
    expect(v2.status).toBe(201);

    const diff = await faculty.get<Diff>(`/api/pages/${pageId}/diff?from=published&to=${v2.body.id}`);
    expect(diff.status).toBe(200);
    expect(diff.body.truncatedChanges).toBe(5);
    expect(diff.body.imageChanges).toBe(1);
    const image = diff.body.changes.find((c) => c.blockId === 'xray');
    expect(image?.images).toEqual({ before: reviewed, after: swapped });
    expect(diff.body.changes).toHaveLength(1_001);

    const queue = await faculty.get<Queue>('/api/review/queue');
    const item = queue.body.items.find((i) => i.page.id === pageId);
    expect(item?.imageChanges).toBe(1);
    expect(item?.changes.some((c) => c.blockId === 'xray')).toBe(true);
    expect((item?.changes.length ?? 0) + (item?.truncatedChanges ?? 0)).toBe(N + 1);
    editor.close();
  }, 120_000);
});
