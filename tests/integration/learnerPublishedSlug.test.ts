import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createUser, type ApiClient } from '../support/api.ts';
import { upgradeStatus } from '../support/collab.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

// Issue 8: what learners read changes only through a published revision. The slug is derived
// from the title, so an unreviewed rename must not reach learners through it either.

let server: TestServer;
let student: ApiClient;
let student2: ApiClient;
let faculty: ApiClient;
let learner: ApiClient;

/** Moved forward past the rename limit's window where a test renames more than it allows. */
let skew = 0;
const RENAMES_PER_MINUTE = 10;

beforeAll(async () => {
  server = await startServer({}, undefined, { clock: { now: () => Date.now() + skew } });
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  student2 = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
  learner = (await createUser(admin, 'learner')).client;
});
afterAll(async () => {
  await server.stop();
});

interface PageRef {
  id: string;
  slug: string;
  title: string;
}

async function createPublished(title: string, text: string): Promise<PageRef> {
  const created = await student.post<PageRef>('/api/pages', { title });
  expect(created.status).toBe(201);
  const editor = await Editor.open(student, server.wsUrl, created.body.id);
  await editor.append(text);
  editor.close();
  await approve(created.body.id, 'v1');
  return created.body;
}

async function approve(pageId: string, message: string): Promise<void> {
  const rev = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message });
  expect(rev.status).toBe(201);
  const review = await faculty.post(`/api/revisions/${rev.body.id}/reviews`, {
    decision: 'approve',
    comment: 'ok',
  });
  expect(review.status).toBe(201);
}

async function rename(pageId: string, title: string, as = student): Promise<string> {
  const res = await as.request<PageRef>('PATCH', `/api/pages/${pageId}`, { title });
  expect(res.status).toBe(200);
  return res.body.slug;
}

/** The page as `client` lists it and views it, by id. */
async function seen(client: ApiClient, pageId: string): Promise<{ listed?: string; viewed: string }> {
  const list = await client.get<{ pages: PageRef[] }>('/api/pages');
  const view = await client.get<PageRef>(`/api/pages/${pageId}`);
  expect(view.status).toBe(200);
  return { listed: list.body.pages.find((p) => p.id === pageId)?.slug, viewed: view.body.slug };
}

describe('the slug learners see', () => {
  it('is the published one: a rename reaches learners only through the next approval', async () => {
    const page = await createPublished('Paediatric dosing', 'Amoxicillin 40–90 mg/kg/day.');
    expect(page.slug).toBe('paediatric-dosing');
    const draftSlug = await rename(page.id, 'Paediatric dosing: use 150 mg kg amoxicillin');
    expect(draftSlug).toBe('paediatric-dosing-use-150-mg-kg-amoxicillin');

    // Learners: the published slug in the list and the page view; the draft-only slug names nothing.
    expect(await seen(learner, page.id)).toEqual({
      listed: 'paediatric-dosing',
      viewed: 'paediatric-dosing',
    });
    const byDraftSlug = await learner.get(`/api/pages/${draftSlug}`);
    expect(byDraftSlug.status).toBe(404);
    expect(JSON.stringify(byDraftSlug.body)).not.toContain(page.id);
    expect((await learner.get(`/api/pages/${draftSlug}/content`)).status).toBe(404);
    const byPublished = await learner.get<PageRef>('/api/pages/paediatric-dosing');
    expect(byPublished.status).toBe(200);
    expect(byPublished.body).toMatchObject({
      id: page.id,
      slug: 'paediatric-dosing',
      title: 'Paediatric dosing',
    });

    // Editors: the live slug, and every slug resolves.
    expect(await seen(student, page.id)).toEqual({ listed: draftSlug, viewed: draftSlug });
    for (const ref of [draftSlug, 'paediatric-dosing']) {
      const got = await faculty.get<PageRef>(`/api/pages/${ref}`);
      expect(got.status, ref).toBe(200);
      expect(got.body.slug).toBe(draftSlug);
    }

    // The next approval publishes the then-current slug; the old published one keeps resolving.
    await approve(page.id, 'new title');
    expect(await seen(learner, page.id)).toEqual({ listed: draftSlug, viewed: draftSlug });
    for (const ref of [draftSlug, 'paediatric-dosing']) {
      const got = await learner.get<PageRef>(`/api/pages/${ref}`);
      expect(got.status, ref).toBe(200);
      expect(got.body).toMatchObject({ id: page.id, slug: draftSlug });
    }
  });

  it('never shows a learner a draft-only slug by any route when renamed twice and not re-published', async () => {
    const page = await createPublished('Neonatal jaundice', 'Phototherapy thresholds by age.');
    const first = await rename(page.id, 'Neonatal jaundice unreviewed one');
    const second = await rename(page.id, 'Neonatal jaundice unreviewed two');
    const draftSlugs = [first, second];

    expect(await seen(learner, page.id)).toEqual({
      listed: 'neonatal-jaundice',
      viewed: 'neonatal-jaundice',
    });
    // Every learner-readable route, by id and by the published slug: no draft slug in any answer.
    const bodies: string[] = [];
    for (const ref of [page.id, 'neonatal-jaundice']) {
      // The revision history is editors' (403 for learners); the rest is the published page.
      for (const path of ['', '/content', '/content?format=text', '/references', '/revisions']) {
        const res = await learner.get(`/api/pages/${ref}${path}`);
        expect(res.status, `${ref}${path}`).toBe(path === '/revisions' ? 403 : 200);
        bodies.push(JSON.stringify(res.body));
      }
    }
    bodies.push(JSON.stringify((await learner.get('/api/pages')).body));
    for (const body of bodies) for (const slug of draftSlugs) expect(body).not.toContain(slug);

    // By a draft slug, every route answers as for a page that does not exist.
    for (const slug of draftSlugs) {
      for (const path of ['', '/content', '/references', '/revisions', '/threads']) {
        expect((await learner.get(`/api/pages/${slug}${path}`)).status, `${slug}${path}`).toBe(404);
      }
      // Editors follow them.
      expect((await student.get(`/api/pages/${slug}`)).status).toBe(200);
    }
    // Live editing stays closed to learners whatever the address.
    for (const ref of [page.id, ...draftSlugs]) {
      expect(await upgradeStatus(server.wsUrl, `/collab/${ref}`, { cookie: learner.cookie ?? '' })).toBe(403);
    }
  });

  it('stays the published one when the page is renamed after the approved revision was submitted', async () => {
    const page = await createPublished('Croup', 'Dexamethasone 0.15 mg/kg.');
    const submitted = await rename(page.id, 'Croup in children');
    const rev = await student.post<{ id: string }>(`/api/pages/${page.id}/revisions`, { message: 'title' });
    expect(rev.status).toBe(201);
    // Renamed again after submission: the approval publishes the submitted title, not this slug.
    const unreviewed = await rename(page.id, 'Croup use 2 mg kg');
    const review = await faculty.post(`/api/revisions/${rev.body.id}/reviews`, {
      decision: 'approve',
      comment: 'ok',
    });
    expect(review.status).toBe(201);
    const view = await learner.get<PageRef>(`/api/pages/${page.id}`);
    expect(view.body.title).toBe('Croup in children');
    expect(view.body.slug).toBe('croup');
    expect((await learner.get(`/api/pages/${unreviewed}`)).status).toBe(404);
    expect(submitted).toBe('croup-in-children');
    expect((await learner.get('/api/pages/croup')).status).toBe(200);
  });

  it('a published slug is never given to another page while learners follow it', async () => {
    const page = await createPublished('Bronchiolitis', 'Supportive care.');
    await rename(page.id, 'Bronchiolitis in infants');
    // The published slug is not free for another page's live slug.
    const other = await student.post<PageRef>('/api/pages', { title: 'Bronchiolitis' });
    expect(other.status).toBe(201);
    expect(other.body.slug).not.toBe('bronchiolitis');
    const got = await learner.get<PageRef>('/api/pages/bronchiolitis');
    expect(got.body.id).toBe(page.id);
  });

  // Red team, round 3: a page republished under a new title leaves learners' links on the slug
  // published before. That slug stays the page's: no other page may take it, however named.
  it("a former published slug is never given to another page: learners' old links keep the page", async () => {
    const page = await createPublished('Warfarin', 'INR 2–3.');
    await rename(page.id, 'Warfarin anticoagulation');
    await approve(page.id, 'new title');
    const oldLink = async () => (await learner.get<PageRef>('/api/pages/warfarin')).body.id;
    expect(await oldLink()).toBe(page.id);

    // Another student's new page, and a rename of another page, with that title: a suffixed slug.
    const created = await student2.post<PageRef>('/api/pages', { title: 'Warfarin' });
    expect(created.status).toBe(201);
    expect(created.body.slug).toBe('warfarin-2');
    expect(await oldLink()).toBe(page.id);
    const other = await student2.post<PageRef>('/api/pages', { title: 'Vitamin K' });
    expect(await rename(other.body.id, 'Warfarin', student2)).toBe('warfarin-3');
    expect(await oldLink()).toBe(page.id);

    // Published, the other pages still do not take it; editors reach the page by it too.
    const editor = await Editor.open(student2, server.wsUrl, created.body.id);
    await editor.append('Another page.');
    editor.close();
    const rev = await student2.post<{ id: string }>(`/api/pages/${created.body.id}/revisions`, {
      message: 'v1',
    });
    expect(rev.status).toBe(201);
    const review = await faculty.post(`/api/revisions/${rev.body.id}/reviews`, {
      decision: 'approve',
      comment: 'ok',
    });
    expect(review.status).toBe(201);
    expect(await oldLink()).toBe(page.id);
    expect((await student2.get<PageRef>('/api/pages/warfarin')).body.id).toBe(page.id);
    expect((await learner.get<PageRef>('/api/pages/warfarin-2')).body.id).toBe(created.body.id);
  });

  it('a former published slug outlives any number of unreviewed renames', async () => {
    const page = await createPublished('Heparin', 'APTT monitoring.');
    await rename(page.id, 'Heparin anticoagulation');
    await approve(page.id, 'new title');
    // More renames than the former-slug history keeps (20), waiting out the rename limit (the
    // earlier tests renamed too).
    for (let i = 0; i < 24; i++) {
      if (i % RENAMES_PER_MINUTE === 0) skew += 61_000;
      await rename(page.id, `Heparin draft ${i}`);
    }
    for (const ref of ['heparin', 'heparin-anticoagulation']) {
      const got = await learner.get<PageRef>(`/api/pages/${ref}`);
      expect(got.status, ref).toBe(200);
      expect(got.body).toMatchObject({ id: page.id, slug: 'heparin-anticoagulation' });
    }
    // Draft-only former slugs are still bounded: the oldest stopped resolving even for editors.
    expect((await student.get('/api/pages/heparin-draft-0')).status).toBe(404);
    expect((await student.get<PageRef>('/api/pages/heparin-draft-4')).body.id).toBe(page.id);
    expect((await learner.get('/api/pages/heparin-draft-4')).status).toBe(404);
    // Renaming back reclaims it; renamed away again, it is still a published slug for learners.
    expect(await rename(page.id, 'Heparin')).toBe('heparin');
    expect((await learner.get<PageRef>('/api/pages/heparin')).body.id).toBe(page.id);
    await rename(page.id, 'Heparin infusion');
    expect((await learner.get<PageRef>('/api/pages/heparin')).body.id).toBe(page.id);
    const other = await student2.post<PageRef>('/api/pages', { title: 'Heparin' });
    expect(other.body.slug).toBe('heparin-2');
  });
});
