import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage } from '../support/api.ts';
import { startServer, type TestServer } from '../support/server.ts';

/** Stands in for doi.org / NCBI (external services, not ours): answers, redirects, stalls, floods. */
let upstream: Server;
let upstreamUrl: string;
beforeAll(async () => {
  upstream = createServer((req, res) => {
    const path = req.url ?? '';
    if (path === '/doi/10.1000/good') {
      res.setHeader('content-type', 'application/vnd.citationstyles.csl+json');
      res.end(
        JSON.stringify({
          type: 'article-journal',
          title: 'A looked-up trial',
          author: [{ family: 'Lee', given: 'Ann' }],
          'container-title': 'BMJ',
          issued: { 'date-parts': [[2022]] },
          DOI: '10.1000/good',
        }),
      );
    } else if (path === '/doi/10.1000/redirect-away') {
      res.writeHead(302, { location: 'http://evil.example/steal' }).end();
    } else if (path === '/doi/10.1000/huge') {
      res.end('x'.repeat(400 * 1024));
    } else if (path === '/doi/10.1000/slow') {
      setTimeout(() => res.end('{}'), 3_000);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => {
  upstream.closeAllConnections();
  upstream.close();
});

describe('online reference lookup', () => {
  let off: TestServer;
  let on: TestServer;
  beforeAll(async () => {
    off = await startServer();
    on = await startServer({
      REFERENCE_LOOKUP: 'on',
      REFERENCE_LOOKUP_DOI_URL: `${upstreamUrl}/doi/`,
      REFERENCE_LOOKUP_HOSTS: '127.0.0.1',
      REFERENCE_LOOKUP_TIMEOUT_MS: '500',
    });
  });
  afterAll(async () => {
    await off.stop();
    await on.stop();
  });

  it('is off by default, with a clear error', async () => {
    const admin = await asAdmin(off.url);
    const pageId = await createPage(admin);
    const res = await admin.post(`/api/pages/${pageId}/references`, { lookup: '10.1000/good' });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: 'lookup_unavailable' });
  });

  it('when on, resolves a DOI from an allowed host into a formatted reference', async () => {
    const admin = await asAdmin(on.url);
    const pageId = await createPage(admin);
    const res = await admin.post<{ references: { formatted: string }[] }>(`/api/pages/${pageId}/references`, {
      lookup: 'doi:10.1000/good',
    });
    expect(res.status).toBe(201);
    expect(res.body.references[0]?.formatted).toMatch(/^Lee A\. A looked-up trial\. BMJ\. 2022/);
  });

  it('refuses redirects off the allowlist, oversize answers and slow services', async () => {
    const admin = await asAdmin(on.url);
    const pageId = await createPage(admin);
    for (const doi of ['10.1000/redirect-away', '10.1000/huge', '10.1000/slow', '10.1000/missing']) {
      const res = await admin.post(`/api/pages/${pageId}/references`, { lookup: doi });
      expect(res.status, doi).toBe(502);
      expect(res.body, doi).toMatchObject({ error: 'lookup_failed' });
    }
    expect((await admin.post(`/api/pages/${pageId}/references`, { lookup: 'not an id' })).status).toBe(400);
  });
});
