import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;
let faculty: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
});
afterAll(async () => {
  await server.stop();
});

interface CollectionView {
  id: string;
  name: string;
  description: string;
  pageCount: number;
}

const collection = async (id: string): Promise<CollectionView | undefined> =>
  (await admin.get<{ collections: CollectionView[] }>('/api/collections')).body.collections.find(
    (c) => c.id === id,
  );

describe('collections and moving pages between them', () => {
  it('creates and edits a collection with a description; a PATCH changes only what it names', async () => {
    const created = await admin.post<CollectionView>('/api/collections', {
      name: 'Cardiology',
      description: 'Heart and vessels',
      requiredApprovals: 2,
      reviewValidDays: 180,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Cardiology',
      description: 'Heart and vessels',
      pageCount: 0,
    });
    const patched = await admin.request<CollectionView>('PATCH', `/api/collections/${created.body.id}`, {
      description: 'Heart, vessels and ECGs',
    });
    // Fields left out of the PATCH keep their values.
    expect(patched.body).toMatchObject({
      name: 'Cardiology',
      description: 'Heart, vessels and ECGs',
      requiredApprovals: 2,
      reviewValidDays: 180,
    });
    expect(await collection(created.body.id)).toMatchObject({ description: 'Heart, vessels and ECGs' });
    const bad = await admin.post('/api/collections', { name: 'Bad', description: 'x'.repeat(501) });
    expect(bad.status).toBe(400);
  });

  it('moves a page into a collection (by id or slug) and out again with null; counted while live', async () => {
    const c = await admin.post<CollectionView>('/api/collections', { name: 'Nephrology' });
    const pageId = await createPage(student, 'Acute kidney injury');
    const moved = await admin.request('PUT', '/api/pages/acute-kidney-injury/collection', {
      collectionId: c.body.id,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ id: pageId, collectionId: c.body.id });
    expect((await student.get<{ collectionId: string }>(`/api/pages/${pageId}`)).body.collectionId).toBe(
      c.body.id,
    );
    expect((await collection(c.body.id))?.pageCount).toBe(1);

    await faculty.post(`/api/pages/${pageId}/archive`);
    expect((await collection(c.body.id))?.pageCount).toBe(0);
    await faculty.post(`/api/pages/${pageId}/unarchive`);
    expect((await collection(c.body.id))?.pageCount).toBe(1);

    const out = await admin.request('PUT', `/api/pages/${pageId}/collection`, { collectionId: null });
    expect(out.body).toEqual({ id: pageId, collectionId: null });
    expect((await collection(c.body.id))?.pageCount).toBe(0);
  });

  it('is for admins only; an unknown collection or page is 404', async () => {
    const c = await admin.post<CollectionView>('/api/collections', { name: 'Neurology' });
    const pageId = await createPage(student, 'Stroke');
    for (const who of [student, faculty]) {
      expect(
        (await who.request('PUT', `/api/pages/${pageId}/collection`, { collectionId: c.body.id })).status,
      ).toBe(403);
    }
    expect(
      (await admin.request('PUT', `/api/pages/${pageId}/collection`, { collectionId: 'nope' })).status,
    ).toBe(404);
    expect(
      (await admin.request('PUT', '/api/pages/nope/collection', { collectionId: c.body.id })).status,
    ).toBe(404);
    expect((await admin.request('PUT', `/api/pages/${pageId}/collection`, {})).status).toBe(400);
    expect(
      (await student.get<{ collectionId: string | null }>(`/api/pages/${pageId}`)).body.collectionId,
    ).toBeNull();
  });
});
