import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, asAdmin, createPage, createUser } from '../support/api.ts';
import { appendParagraph, connectCollab, eventually, waitSynced } from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

describe('pages', () => {
  it('students and faculty create pages with unique slugs; learners cannot', async () => {
    const student = await createUser(admin, 'student');
    const faculty = await createUser(admin, 'faculty');
    const learner = await createUser(admin, 'learner');
    const a = await student.client.post<{ id: string; slug: string; title: string }>('/api/pages', {
      title: 'Acute Kidney Injury',
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ slug: 'acute-kidney-injury', title: 'Acute Kidney Injury' });
    const b = await faculty.client.post<{ slug: string }>('/api/pages', { title: 'Acute kidney injury!' });
    expect(b.body.slug).toBe('acute-kidney-injury-2');
    expect((await learner.client.post('/api/pages', { title: 'Nope' })).status).toBe(403);
  });

  it('describes a page with the contract fields, unpublished and wholly unreviewed', async () => {
    const id = await createPage(admin, 'Heart failure');
    const client = connectCollab(server.wsUrl, id, admin.cookie);
    await waitSynced(client);
    appendParagraph(client.doc, 'Loop diuretics relieve congestion.');
    appendParagraph(client.doc, 'Start ACE inhibitors once stable.');
    const body = await eventually(async () => {
      const res = await admin.get<{ unreviewedBlocks: number }>(`/api/pages/${id}`);
      expect(res.body.unreviewedBlocks).toBe(2);
      return res.body;
    });
    expect(body).toMatchObject({
      id,
      slug: 'heart-failure',
      title: 'Heart failure',
      published: false,
      publishedRevisionId: null,
      pendingReview: false,
      uncitedClaims: 0,
      reviewDue: false,
    });
    expect(body.unreviewedBlocks).toBe(2);
    client.destroy();
  });

  it('lists pages with summary fields; learners see none until something is published', async () => {
    await createPage(admin, 'Asthma');
    const list = await admin.get<{ pages: Record<string, unknown>[] }>('/api/pages');
    expect(list.status).toBe(200);
    const asthma = list.body.pages.find((p) => p.title === 'Asthma');
    expect(asthma).toMatchObject({ published: false, pendingReview: false });
    expect(Object.keys(asthma ?? {}).sort()).toEqual([
      'id',
      'pendingReview',
      'published',
      'slug',
      'title',
      'updatedAt',
    ]);
    const learner = await createUser(admin, 'learner');
    const seen = await learner.client.get<{ pages: unknown[] }>('/api/pages');
    expect(seen.body.pages).toEqual([]);
  });

  it('serves the draft as json, text and sanitized html; published is 404; learners cannot tell the page exists', async () => {
    const id = await createPage(admin, 'Anaphylaxis');
    const client = connectCollab(server.wsUrl, id, admin.cookie);
    await waitSynced(client);
    appendParagraph(client.doc, 'Give intramuscular adrenaline.', 'b1');
    const json = await eventually(async () => {
      const res = await admin.get<{ version: string; revisionId: null; doc: { type: string } }>(
        `/api/pages/${id}/content?version=draft`,
      );
      expect(JSON.stringify(res.body.doc)).toContain('adrenaline');
      return res;
    });
    expect(json.body).toMatchObject({ version: 'draft', revisionId: null, doc: { type: 'doc' } });
    const text = await admin.get(`/api/pages/${id}/content?version=draft&format=text`);
    expect(text.headers.get('content-type')).toMatch(/text\/plain/);
    expect(text.body).toBe('Give intramuscular adrenaline.');
    const html = await admin.get(`/api/pages/${id}/content?version=draft&format=html`);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.body).toContain('<p data-id="b1">Give intramuscular adrenaline.</p>');
    const learner = await createUser(admin, 'learner');
    // Nothing is published, so to a learner the page does not exist (no 403 oracle).
    expect((await learner.client.get(`/api/pages/${id}/content?version=draft`)).status).toBe(404);
    expect((await admin.get(`/api/pages/${id}/content`)).status).toBe(404);
    expect((await learner.client.get(`/api/pages/${id}/content?version=published`)).status).toBe(404);
    client.destroy();
  });

  it('requires a session for every page route', async () => {
    const anon = new ApiClient(server.url);
    const id = await createPage(admin);
    for (const path of ['/api/pages', `/api/pages/${id}`, `/api/pages/${id}/content?version=draft`]) {
      expect((await anon.get(path)).status).toBe(401);
    }
    expect((await anon.post('/api/pages', { title: 'x' })).status).toBe(401);
  });
});
