import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../apps/server/src/guidelines/renderMarkdown.ts';
import { asAdmin, createUser, type ApiClient } from '../support/api.ts';
import { publishGuidelines, type GuidelinesBody } from '../support/professionalism.ts';
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

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(2)">',
  '<a href="javascript:alert(3)">raw</a>',
  '[click](javascript:alert(4))',
  '[click](JaVaScRiPt:alert(5))',
  '[click](java\tscript:alert(6))',
  '[click](&#106;avascript:alert(7))',
  '[click](%6Aavascript:alert(8))',
  '[proto](//evil.example/x)',
  '[local](/pages/abc#purge)',
  '<javascript:alert(9)>',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=)',
  '[vb](vbscript:msgbox(11))',
  '![img](javascript:alert(12))',
  '<iframe src="https://evil.example"></iframe>',
  '<style>body{display:none}</style>',
  '[ok](https://example.org/guide) and mail <mailto:dean@example.org> and www.example.org',
].join('\n\n');

describe('the guidelines are rendered to sanitized HTML', () => {
  it('keeps no script, event handler, iframe, style or non-http(s)/mailto link from hostile Markdown', async () => {
    await publishGuidelines(admin, HOSTILE, false);
    const { client } = await createUser(admin, 'learner');
    const { html } = (await client.get<GuidelinesBody>('/api/guidelines')).body;
    expect(html).not.toMatch(/<(script|iframe|style|img)\b/i);
    // No tag carries an event handler (the escaped text of one is harmless).
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    // Only real tags count: the escaped text of raw HTML (`&lt;a href=…`) is harmless.
    const tags = html.match(/<[^>]+>/g) ?? [];
    for (const tag of tags) expect(tag).not.toMatch(/javascript:|vbscript:|data:|\son[a-z]+=/i);
    const hrefs = tags.flatMap((t) => /\shref="([^"]*)"/.exec(t)?.[1] ?? []);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:|\/[^/]|#)/);
    expect(html).toContain('href="https://example.org/guide"');
    expect(html).toContain('rel="noopener noreferrer"');
    // Raw HTML is shown as text, not dropped silently.
    expect(html).toContain('&lt;script&gt;');
  });

  it('stays linear on 100k-character hostile inputs (the API caps the Markdown at 20k)', () => {
    const runs = [
      '['.repeat(100_000),
      '*'.repeat(100_000),
      '_'.repeat(100_000),
      '`'.repeat(100_000),
      '>'.repeat(100_000),
      '<'.repeat(100_000),
      '[a]('.repeat(25_000),
      '![a]('.repeat(20_000),
      '\n'.repeat(100_000),
      ' '.repeat(100_000),
      '1'.repeat(100_000),
      '1. '.repeat(33_000),
      '- '.repeat(50_000),
      '|'.repeat(100_000),
      'http://'.repeat(14_000),
      'a@'.repeat(50_000),
      '*a'.repeat(50_000),
      '**a'.repeat(33_000),
      '\\'.repeat(100_000),
      '&#'.repeat(50_000),
      '<a'.repeat(50_000),
      'www.'.repeat(25_000),
    ];
    for (const input of runs) {
      const started = performance.now();
      renderMarkdown(input);
      const ms = performance.now() - started;
      // Linear inputs take well under a second here; a quadratic one would take minutes.
      expect(ms, `input starting ${JSON.stringify(input.slice(0, 8))}`).toBeLessThan(5_000);
    }
  });
});
