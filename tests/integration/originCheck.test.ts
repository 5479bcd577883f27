import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, type ApiClient } from '../support/api.ts';
import { upgradeStatus } from '../support/collab.ts';
import { rawRequest } from '../support/rawHttp.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { parseConfig } from '@rounds/server';

/**
 * DNS rebinding: a page on http://evil.example:<port> re-points evil.example at 127.0.0.1, so the
 * browser sends `Host: evil.example:<port>` and `Origin: http://evil.example:<port>` — equal to each
 * other, and neither names this server as configured.
 */
describe('the Origin check compares against the configured origins, not the Host header', () => {
  let server: TestServer;
  let admin: ApiClient;
  let port: string;
  let pageId: string;
  beforeAll(async () => {
    server = await startServer({ ALLOWED_ORIGINS: 'https://tools.example.edu' });
    admin = await asAdmin(server.url);
    port = new URL(server.url).port;
    pageId = await createPage(admin, 'Origin test');
  });
  afterAll(async () => {
    await server.stop();
  });

  const post = (headers: Record<string, string>) =>
    rawRequest(
      server.url,
      'POST',
      '/api/pages',
      { cookie: admin.cookie ?? '', 'content-type': 'application/json', ...headers },
      JSON.stringify({ title: 'From somewhere' }),
    );

  it('refuses a rebinding origin that matches the Host header over HTTP', async () => {
    const res = await post({ host: `evil.example:${port}`, origin: `http://evil.example:${port}` });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: 'forbidden' });
  });

  it('refuses a rebinding origin at the WebSocket upgrade', async () => {
    const status = await upgradeStatus(server.wsUrl, `/collab/${pageId}`, {
      cookie: admin.cookie ?? '',
      host: `evil.example:${port}`,
      origin: `http://evil.example:${port}`,
    });
    expect(status).toBe(403);
  });

  it('accepts the listening address and its loopback names (the server is bound to 127.0.0.1)', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      expect((await post({ origin })).status, origin).toBe(201);
      expect(
        await upgradeStatus(server.wsUrl, `/collab/${pageId}`, { cookie: admin.cookie ?? '', origin }),
        origin,
      ).toBe(101);
    }
  });

  it('accepts ALLOWED_ORIGINS and requests without an Origin (scripts, curl)', async () => {
    expect((await post({ origin: 'https://tools.example.edu' })).status).toBe(201);
    expect((await post({})).status).toBe(201);
  });

  it('refuses loopback on another port, another scheme and the opaque origin "null"', async () => {
    const other = String(Number(port) === 65535 ? 65534 : Number(port) + 1);
    for (const origin of [`http://localhost:${other}`, `https://127.0.0.1:${port}`, 'null']) {
      expect((await post({ origin })).status, origin).toBe(403);
    }
  });
});

describe('behind a proxy (PUBLIC_URL)', () => {
  let server: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    server = await startServer({ PUBLIC_URL: 'https://rounds.example.edu' });
    admin = await asAdmin(server.url);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('accepts the public origin and refuses a Host-matching one', async () => {
    const post = (headers: Record<string, string>) =>
      rawRequest(
        server.url,
        'POST',
        '/api/pages',
        { cookie: admin.cookie ?? '', 'content-type': 'application/json', ...headers },
        JSON.stringify({ title: 'Proxied' }),
      );
    expect((await post({ origin: 'https://rounds.example.edu' })).status).toBe(201);
    expect((await post({ host: 'attacker.example', origin: 'https://attacker.example' })).status).toBe(403);
    expect((await post({ host: 'attacker.example', origin: 'http://attacker.example' })).status).toBe(403);
  });
});

describe('configured origins', () => {
  it('adds http://HOST:PORT for a named HOST and refuses ALLOWED_ORIGINS that are not origins', () => {
    const named = parseConfig({ HOST: 'rounds.lan', PORT: '8080' }, null);
    expect(named.ok && named.config.allowedOrigins).toContain('http://rounds.lan:8080');
    const listed = parseConfig(
      { ALLOWED_ORIGINS: 'https://a.example.edu/, http://b.example.edu:8443' },
      null,
    );
    expect(listed.ok && listed.config.allowedOrigins).toEqual([
      'https://a.example.edu',
      'http://b.example.edu:8443',
    ]);
    const bad = parseConfig({ ALLOWED_ORIGINS: 'javascript:alert(1),not a url' }, null);
    expect(bad.ok).toBe(false);
  });
});
