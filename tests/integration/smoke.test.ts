import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage } from '../support/api.ts';
import { appendParagraph, connectCollab, waitFor, waitSynced } from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('collaboration smoke', () => {
  it('two y-websocket clients see each other and the draft content reflects the edit', async () => {
    const admin = await asAdmin(server.url);
    const pageId = await createPage(admin);
    const a = connectCollab(server.wsUrl, pageId, admin.cookie);
    const b = connectCollab(server.wsUrl, pageId, admin.cookie);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    appendParagraph(a.doc, 'Give oxygen to keep saturation above 94%.', 'p1');
    await waitFor(() => b.text().includes('oxygen'));
    const res = await admin.get<{ doc: { content: unknown[] } }>(
      `/api/pages/${pageId}/content?version=draft`,
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.doc)).toContain('saturation above 94%');
    a.destroy();
    b.destroy();
  });
});
