import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asAdmin, type ApiClient } from '../support/api.ts';
import { startServerCapturingLogs, type LogRecord } from '../support/capturedLogs.ts';
import { rawRequest } from '../support/rawHttp.ts';
import type { TestServer } from '../support/server.ts';

let server: TestServer;
let logs: LogRecord[];
let admin: ApiClient;
beforeAll(async () => {
  ({ server, logs } = await startServerCapturingLogs());
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  logs.length = 0;
});

const jsonHeaders = (): Record<string, string> => ({
  cookie: admin.cookie ?? '',
  'content-type': 'application/json',
});
const errorLogs = (): LogRecord[] => logs.filter((l) => l.level === 'error' || l.level === 'fatal');

describe('malformed requests are client errors, never server errors', () => {
  it('a gzip body that is not gzip → 400 validation_failed, nothing logged as an error', async () => {
    const res = await rawRequest(
      server.url,
      'POST',
      '/api/pages',
      { ...jsonHeaders(), 'content-encoding': 'gzip' },
      Buffer.from('this is not gzip'),
    );
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'validation_failed' });
    expect(errorLogs()).toEqual([]);
  });

  it('a truncated gzip or brotli body → 400 validation_failed', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'Compressed' }));
    for (const [encoding, packed] of [
      ['gzip', gzipSync(body)],
      ['br', brotliCompressSync(body)],
    ] as const) {
      const res = await rawRequest(
        server.url,
        'POST',
        '/api/pages',
        { ...jsonHeaders(), 'content-encoding': encoding },
        packed.subarray(0, packed.length - 4),
      );
      expect(res.status, encoding).toBe(400);
      expect(res.json, encoding).toMatchObject({ error: 'validation_failed' });
    }
    expect(errorLogs()).toEqual([]);
  });

  it('a whole gzip body is still accepted', async () => {
    const res = await rawRequest(
      server.url,
      'POST',
      '/api/pages',
      { ...jsonHeaders(), 'content-encoding': 'gzip' },
      gzipSync(Buffer.from(JSON.stringify({ title: 'Compressed page' }))),
    );
    expect(res.status).toBe(201);
  });

  it('an unsupported content encoding → 415', async () => {
    const res = await rawRequest(
      server.url,
      'POST',
      '/api/pages',
      { ...jsonHeaders(), 'content-encoding': 'compress' },
      Buffer.from('{}'),
    );
    expect(res.status).toBe(415);
    expect(res.json).toMatchObject({ error: 'unsupported_media_type' });
  });

  it('a gzip bomb over the body limit → 413 too_large', async () => {
    const res = await rawRequest(
      server.url,
      'POST',
      '/api/pages',
      { ...jsonHeaders(), 'content-encoding': 'gzip' },
      gzipSync(Buffer.from(JSON.stringify({ title: 'x', pad: ' '.repeat(5 * 1024 * 1024) }))),
    );
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ error: 'too_large' });
    expect(errorLogs()).toEqual([]);
  });

  it('a malformed percent-encoded path → 400 validation_failed, in the API and outside it', async () => {
    for (const path of [
      '/api/pages/%E0%A4%A',
      '/api/pages/%E0%A4%A/content',
      '/api/pages/%E0%A4%A/revisions',
      '/api/users/%ff',
      '/api/revisions/%C0%AF/reviews',
      '/pages/%E0%A4%A',
    ]) {
      const method = path.endsWith('/reviews') ? 'POST' : 'GET';
      const res = await rawRequest(
        server.url,
        method,
        path,
        jsonHeaders(),
        method === 'POST' ? '{}' : undefined,
      );
      expect(res.status, path).toBe(400);
      if (path.startsWith('/api/')) expect(res.json, path).toMatchObject({ error: 'validation_failed' });
      expect(res.text, path).not.toMatch(/URIError|decodeURIComponent|node_modules|\.ts:/);
    }
    expect(errorLogs()).toEqual([]);
  });

  it('a body shorter than its Content-Length, then the client leaves: no error logged', async () => {
    await new Promise<void>((resolve) => {
      const { hostname, port } = new URL(server.url);
      void import('node:net').then(({ connect }) => {
        const socket = connect(Number(port), hostname, () => {
          socket.write(
            `POST /api/pages HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
              `Cookie: ${admin.cookie ?? ''}\r\nContent-Length: 100\r\n\r\n{"title":`,
          );
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 100);
        });
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(errorLogs()).toEqual([]);
  });

  it('deeply nested JSON and odd query strings are answered, not crashed on', async () => {
    const deep = `{"title":"Deep","pad":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const res = await rawRequest(server.url, 'POST', '/api/pages', jsonHeaders(), deep);
    expect([201, 400, 413]).toContain(res.status);
    const repeated = await rawRequest(
      server.url,
      'GET',
      '/api/pages/x/content?version=draft&version=published&format[]=json',
      jsonHeaders(),
    );
    expect([400, 404]).toContain(repeated.status);
    expect(errorLogs()).toEqual([]);
  });

  it('error bodies never carry stacks or library messages', async () => {
    const res = await rawRequest(
      server.url,
      'POST',
      '/api/pages',
      { ...jsonHeaders(), 'content-encoding': 'gzip' },
      Buffer.from('nope'),
    );
    expect(res.text).not.toMatch(/incorrect header check|Z_DATA_ERROR|stack|node:internal/);
  });
});
