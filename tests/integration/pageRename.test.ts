import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createUser, type ApiClient } from '../support/api.ts';
import { upgradeStatus } from '../support/collab.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: ApiClient;
let faculty: ApiClient;
let learner: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
  learner = (await createUser(admin, 'learner')).client;
});
afterAll(async () => {
  await server.stop();
});

interface Renamed {
  id: string;
  slug: string;
  title: string;
}

async function create(client: ApiClient, title: string): Promise<Renamed> {
  const res = await client.post<Renamed>('/api/pages', { title });
  expect(res.status).toBe(201);
  return res.body;
}

describe('renaming a page', () => {
  it('gives the page the new title and a slug that follows it; the old slug still resolves', async () => {
    const page = await create(student, 'Sepsis bundle');
    const res = await student.request<Renamed>('PATCH', `/api/pages/${page.id}`, {
      title: 'Sepsis: the hour-1 bundle',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: page.id,
      slug: 'sepsis-the-hour-1-bundle',
      title: 'Sepsis: the hour-1 bundle',
    });

    for (const ref of [page.id, 'sepsis-bundle', 'sepsis-the-hour-1-bundle']) {
      const got = await student.get<{ id: string; title: string; slug: string }>(`/api/pages/${ref}`);
      expect(got.status, ref).toBe(200);
      expect(got.body).toMatchObject({
        id: page.id,
        slug: 'sepsis-the-hour-1-bundle',
        title: 'Sepsis: the hour-1 bundle',
      });
    }
    // Every page route accepts the old slug, not only the page itself.
    const content = await student.get(`/api/pages/sepsis-bundle/content?version=draft`);
    expect(content.status).toBe(200);
    expect((await student.get(`/api/pages/sepsis-bundle/references`)).status).toBe(200);
    const listed = await student.get<{ pages: { id: string; title: string }[] }>('/api/pages');
    expect(listed.body.pages.find((p) => p.id === page.id)?.title).toBe('Sepsis: the hour-1 bundle');
  });

  it('opens the collaboration socket by an old slug', async () => {
    const page = await create(student, 'Old collab name');
    await student.request('PATCH', `/api/pages/${page.id}`, { title: 'New collab name' });
    const cookie = { cookie: student.cookie ?? '' };
    expect(await upgradeStatus(server.wsUrl, '/collab/old-collab-name', cookie)).toBe(101);
    expect(await upgradeStatus(server.wsUrl, '/collab/new-collab-name', cookie)).toBe(101);
  });

  it('keeps slugs unique: a new title that slugifies to a taken (or formerly used) slug gets a suffix', async () => {
    await create(student, 'Asthma');
    const other = await create(student, 'Wheeze');
    const renamed = await student.request<Renamed>('PATCH', `/api/pages/${other.id}`, { title: 'Asthma' });
    expect(renamed.body.slug).toBe('asthma-2');
    // "wheeze" is the old slug of that page now: a new page does not take it over.
    const fresh = await create(student, 'Wheeze');
    expect(fresh.slug).toBe('wheeze-2');
    expect((await student.get<{ id: string }>('/api/pages/wheeze')).body.id).toBe(other.id);
    // Renaming back reclaims the page's own former slug.
    const back = await student.request<Renamed>('PATCH', `/api/pages/${other.id}`, { title: 'Wheeze' });
    expect(back.body.slug).toBe('wheeze');
    expect((await student.get<{ id: string }>('/api/pages/asthma-2')).body.id).toBe(other.id);
  });

  it('refuses an empty, blank or over-long title with 400 and changes nothing', async () => {
    const page = await create(student, 'Hyperkalaemia');
    for (const title of ['', '   ', '\u200b', 'x'.repeat(201)]) {
      const res = await student.request('PATCH', `/api/pages/${page.id}`, { title });
      expect(res.status, JSON.stringify(title)).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_failed' });
    }
    expect((await student.request('PATCH', `/api/pages/${page.id}`, {})).status).toBe(400);
    expect((await student.get<{ title: string }>(`/api/pages/${page.id}`)).body.title).toBe('Hyperkalaemia');
    expect((await student.request('PATCH', `/api/pages/${page.id}`, { title: 'x'.repeat(200) })).status).toBe(
      200,
    );
  });

  it('lets students, faculty and admins rename; learners get 404 (unpublished) or 403 (published)', async () => {
    const page = await create(student, 'Renamed by many');
    expect((await faculty.request('PATCH', `/api/pages/${page.id}`, { title: 'By faculty' })).status).toBe(
      200,
    );
    expect((await admin.request('PATCH', `/api/pages/${page.id}`, { title: 'By admin' })).status).toBe(200);
    expect((await learner.request('PATCH', `/api/pages/${page.id}`, { title: 'By learner' })).status).toBe(
      404,
    );
    expect((await student.request('PATCH', '/api/pages/no-such-page', { title: 'Nothing' })).status).toBe(
      404,
    );
  });

  it('shows learners a renamed published page under its new title, by the new and the old slug', async () => {
    const page = await create(student, 'Diabetic ketoacidosis');
    const editor = await Editor.open(student, server.wsUrl, page.id);
    await editor.append('Fluids first, then insulin.');
    editor.close();
    const rev = await student.post<{ id: string }>(`/api/pages/${page.id}/revisions`, { message: 'v1' });
    expect(
      (await faculty.post(`/api/revisions/${rev.body.id}/reviews`, { decision: 'approve', comment: 'ok' }))
        .status,
    ).toBe(201);

    expect((await student.request('PATCH', `/api/pages/${page.id}`, { title: 'DKA in adults' })).status).toBe(
      200,
    );
    expect((await learner.request('PATCH', `/api/pages/${page.id}`, { title: 'By learner' })).status).toBe(
      403,
    );

    for (const ref of ['diabetic-ketoacidosis', 'dka-in-adults']) {
      const view = await learner.get<{ id: string; title: string }>(`/api/pages/${ref}`);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ id: page.id, title: 'DKA in adults' });
      const text = await learner.get<string>(`/api/pages/${ref}/content?format=text`);
      expect(text.body).toContain('Fluids first, then insulin.');
    }
    const listed = await learner.get<{ pages: { id: string; title: string }[] }>('/api/pages');
    expect(listed.body.pages.find((p) => p.id === page.id)?.title).toBe('DKA in adults');
  });

  it('is audited by ids only, never the titles', async () => {
    const page = await create(student, 'Audited rename');
    await student.request('PATCH', `/api/pages/${page.id}`, { title: 'Secret new name' });
    const audit = await admin.get<{ entries: { action: string; target: string; actor: string }[] }>(
      '/api/audit',
    );
    const entry = audit.body.entries.find(
      (e) => e.action === 'page.renamed' && e.target === `page:${page.id}`,
    );
    expect(entry).toBeDefined();
    expect(JSON.stringify(audit.body)).not.toContain('Secret new name');
  });
});
