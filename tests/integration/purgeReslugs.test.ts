import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { filesHolding, purge } from '../support/purge.ts';
import { startServer, type TestServer } from '../support/server.ts';

const NAME = 'Quillonius Vexley';
const REASON = 'Patient name in the page title';
let server: TestServer;
let admin: ApiClient;
let student: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = await createUser(admin, 'student');
});
afterAll(async () => {
  await server.stop();
});

describe('a purge of text a title held', () => {
  it('re-slugs the page from its cleaned title and drops former slugs holding the text', async () => {
    const pageId = await createPage(student.client, `Case ${NAME} sepsis`);
    const renamed = await student.client.request('PATCH', `/api/pages/${pageId}`, {
      title: `Follow-up ${NAME} sepsis`,
    });
    expect(renamed.status).toBe(200);
    const res = await purge(admin, pageId, { text: NAME, reason: REASON });
    expect(res.status).toBe(200);
    const page = await student.client.get<{ slug: string; title: string }>(`/api/pages/${pageId}`);
    expect(page.body.title).toBe('Follow-up [removed] sepsis');
    expect(page.body.slug).toBe('follow-up-removed-sepsis');
    expect((await student.client.get(`/api/pages/${page.body.slug}`)).status).toBe(200);
    for (const old of ['case-quillonius-vexley-sepsis', 'follow-up-quillonius-vexley-sepsis'])
      expect((await student.client.get(`/api/pages/${old}`)).status).toBe(404);
    expect(filesHolding(server.dataDir, 'quillonius-vexley')).toEqual([]);
  });
});
