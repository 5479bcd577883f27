import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, type ApiClient } from '../support/api.ts';
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

describe('bad input gets a clear error', () => {
  it('non-JSON body → 415', async () => {
    const res = await admin.request('POST', '/api/pages', 'title=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ error: 'unsupported_media_type' });
  });

  it('text/plain body (a CSRF-able simple request) → 415', async () => {
    const res = await admin.request('POST', '/api/pages', '{"title":"x"}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });

  it('broken JSON → 400 validation_failed', async () => {
    const res = await admin.request('POST', '/api/pages', '{"title": ', {});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation_failed' });
  });

  it('over-long title → 400, oversize body → 413', async () => {
    expect((await admin.post('/api/pages', { title: 'x'.repeat(201) })).status).toBe(400);
    const huge = await admin.post('/api/pages', { title: 'x', pad: 'y'.repeat(400 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: 'too_large' });
  });

  it('missing or wrong-typed fields → 400 naming the field', async () => {
    const res = await admin.post<{ message: string }>('/api/pages', { title: 42 });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('title');
  });

  it('foreign Origin → 403', async () => {
    const res = await admin.request('POST', '/api/pages', { title: 'x' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'forbidden' });
  });

  it('same Origin is accepted', async () => {
    const res = await admin.request('POST', '/api/pages', { title: 'Same origin' }, { origin: server.url });
    expect(res.status).toBe(201);
  });

  it('unknown page → 404; unknown API route → 404 JSON', async () => {
    expect((await admin.get('/api/pages/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    const res = await admin.get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found' });
  });

  it('errors never leak internals', async () => {
    const res = await admin.request('POST', '/api/pages', '{"title": ', {});
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|node_modules|stack/i);
  });

  it('bad content query → 400', async () => {
    const id = await createPage(admin);
    const res = await admin.get(`/api/pages/${id}/content?version=draft&format=pdf`);
    expect(res.status).toBe(400);
  });
});
