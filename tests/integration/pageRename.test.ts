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

  it('keeps live slugs unique: a new title that slugifies to another page’s slug gets a suffix', async () => {
    await create(student, 'Asthma');
    const other = await create(student, 'Wheeze');
    const renamed = await student.request<Renamed>('PATCH', `/api/pages/${other.id}`, { title: 'Asthma' });
    expect(renamed.body.slug).toBe('asthma-2');
    expect((await student.get<{ id: string }>('/api/pages/wheeze')).body.id).toBe(other.id);
    // Renaming back reclaims the page's own former slug.
    const back = await student.request<Renamed>('PATCH', `/api/pages/${other.id}`, { title: 'Wheeze' });
    expect(back.body.slug).toBe('wheeze');
    expect((await student.get<{ id: string }>('/api/pages/asthma-2')).body.id).toBe(other.id);
  });

  it('lets a live slug beat another page’s former slug: renaming cannot squat future titles', async () => {
    const squatter = (await createUser(admin, 'student')).client;
    const junk = await create(squatter, 'junk page');
    for (const title of ['Sepsis squat', 'Asthma squat', 'Stroke squat', 'Buy cheap essays'])
      expect((await squatter.request('PATCH', `/api/pages/${junk.id}`, { title })).status).toBe(200);
    // Until someone else takes it, the old slug still resolves to the renamed page.
    expect((await squatter.get<{ id: string }>('/api/pages/sepsis-squat')).body.id).toBe(junk.id);
    // Faculty creating the real page get the slug; the squatter's alias is gone.
    const real = await create(faculty, 'Sepsis squat');
    expect(real.slug).toBe('sepsis-squat');
    const opened = await faculty.get<{ id: string; title: string }>('/api/pages/sepsis-squat');
    expect(opened.body).toMatchObject({ id: real.id, title: 'Sepsis squat' });
    // A rename may take an alias too.
    const other = await create(faculty, 'Asthma in children');
    const took = await faculty.request<Renamed>('PATCH', `/api/pages/${other.id}`, { title: 'Asthma squat' });
    expect(took.body.slug).toBe('asthma-squat');
    expect((await faculty.get<{ id: string }>('/api/pages/asthma-squat')).body.id).toBe(other.id);
    // The squatter's other aliases still resolve; renaming back to its own former slug works.
    expect((await squatter.get<{ id: string }>('/api/pages/stroke-squat')).body.id).toBe(junk.id);
    const back = await squatter.request<Renamed>('PATCH', `/api/pages/${junk.id}`, { title: 'Stroke squat' });
    expect(back.body.slug).toBe('stroke-squat');
    // …but not to a slug another page now holds live.
    const again = await squatter.request<Renamed>('PATCH', `/api/pages/${junk.id}`, {
      title: 'Sepsis squat',
    });
    expect(again.body.slug).toBe('sepsis-squat-2');
  });

  it('limits renames to 10 a minute per person: the next one gets 429 rate_limited and changes nothing', async () => {
    const busy = (await createUser(admin, 'student')).client;
    const page = await create(busy, 'Rename limit');
    // Refused renames (bad titles) do not count.
    expect((await busy.request('PATCH', `/api/pages/${page.id}`, { title: ' ' })).status).toBe(400);
    for (let n = 0; n < 10; n++)
      expect((await busy.request('PATCH', `/api/pages/${page.id}`, { title: `Limit ${n}` })).status).toBe(
        200,
      );
    const refused = await busy.request('PATCH', `/api/pages/${page.id}`, { title: 'One too many' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'rate_limited' });
    expect((await busy.get<{ title: string }>(`/api/pages/${page.id}`)).body.title).toBe('Limit 9');
    // The limit is per person: someone else renames the same page.
    expect((await faculty.request('PATCH', `/api/pages/${page.id}`, { title: 'By faculty' })).status).toBe(
      200,
    );
  });

  it('resolves only the 20 most recent former slugs of a page', async () => {
    const page = await create(admin, 'Alias 0');
    // Three people, so the rename limit (10 a minute each) does not get in the way.
    const actors = [];
    for (let n = 0; n < 3; n++) actors.push((await createUser(admin, 'faculty')).client);
    for (let n = 1; n <= 22; n++) {
      const actor = actors[Math.floor((n - 1) / 10)] ?? admin;
      expect((await actor.request('PATCH', `/api/pages/${page.id}`, { title: `Alias ${n}` })).status).toBe(
        200,
      );
    }
    // Former: alias-0 … alias-21 (22); the most recent 20 (alias-2 … alias-21) resolve.
    expect((await admin.get<{ id: string }>('/api/pages/alias-2')).body.id).toBe(page.id);
    expect((await admin.get('/api/pages/alias-1')).status).toBe(404);
    expect((await admin.get('/api/pages/alias-0')).status).toBe(404);
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

  it('shows learners the published title after a rename, until a revision with the new title is approved', async () => {
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
    const learnerTitle = async (): Promise<{ view: string; listed: string | undefined }> => ({
      view: (await learner.get<{ title: string }>(`/api/pages/${page.id}`)).body.title,
      listed: (await learner.get<{ pages: { id: string; title: string }[] }>('/api/pages')).body.pages.find(
        (p) => p.id === page.id,
      )?.title,
    });

    // Learners still read the reviewed title by the published slug (the draft's slug is no address
    // for them, see learnerPublishedSlug.test.ts); editors see the draft title.
    expect(await learnerTitle()).toEqual({ view: 'Diabetic ketoacidosis', listed: 'Diabetic ketoacidosis' });
    const view = await learner.get<{ id: string; title: string }>('/api/pages/diabetic-ketoacidosis');
    expect(view.body).toMatchObject({ id: page.id, title: 'Diabetic ketoacidosis' });
    const content = await learner.get<{ title: string }>('/api/pages/diabetic-ketoacidosis/content');
    expect(content.body.title).toBe('Diabetic ketoacidosis');
    expect((await learner.get('/api/pages/dka-in-adults')).status).toBe(404);
    expect((await student.get(`/api/pages/${page.id}`)).body).toMatchObject({
      title: 'DKA in adults',
      publishedTitle: 'Diabetic ketoacidosis',
    });

    // A rename alone can be submitted; the queue and the diff show it as a title change.
    const renamedRev = await student.post<{ id: string }>(`/api/pages/${page.id}/revisions`, {
      message: 'new title',
    });
    expect(renamedRev.status).toBe(201);
    const queue = await faculty.get<{
      items: { revision: { id: string }; title: { before: string | null; after: string } }[];
    }>('/api/review/queue');
    expect(queue.body.items.find((i) => i.revision.id === renamedRev.body.id)?.title).toEqual({
      before: 'Diabetic ketoacidosis',
      after: 'DKA in adults',
    });
    const diff = await faculty.get<{ title: { before: string | null; after: string } }>(
      `/api/pages/${page.id}/diff?from=published&to=${renamedRev.body.id}`,
    );
    expect(diff.body.title).toEqual({ before: 'Diabetic ketoacidosis', after: 'DKA in adults' });
    // Renamed again after submission: the revision keeps the title it was submitted with.
    expect((await faculty.request('PATCH', `/api/pages/${page.id}`, { title: 'DKA' })).status).toBe(200);
    expect(await learnerTitle()).toEqual({ view: 'Diabetic ketoacidosis', listed: 'Diabetic ketoacidosis' });

    expect(
      (
        await faculty.post(`/api/revisions/${renamedRev.body.id}/reviews`, {
          decision: 'approve',
          comment: 'ok',
        })
      ).status,
    ).toBe(201);
    expect(await learnerTitle()).toEqual({ view: 'DKA in adults', listed: 'DKA in adults' });
    // The page's slug now comes from 'DKA', which nobody reviewed: learners keep the published one.
    expect((await learner.get<{ slug: string }>(`/api/pages/${page.id}`)).body.slug).toBe(
      'diabetic-ketoacidosis',
    );
  });

  it('is audited by ids only, never the titles or the slugs made of them', async () => {
    const page = await create(student, 'Audited rename');
    await student.request('PATCH', `/api/pages/${page.id}`, { title: 'Secret new name' });
    const audit = await admin.get<{
      entries: { action: string; target: string; actor: string; data: Record<string, unknown> }[];
    }>('/api/audit');
    const entry = audit.body.entries.find(
      (e) => e.action === 'page.renamed' && e.target === `page:${page.id}`,
    );
    expect(entry?.data).toEqual({ slugChanged: true });
    expect(JSON.stringify(audit.body)).not.toContain('Secret new name');
    expect(JSON.stringify(audit.body)).not.toContain('secret-new-name');
  });
});
