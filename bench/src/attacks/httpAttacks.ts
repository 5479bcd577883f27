/** Attacks over HTTP: hostile reference imports and sign-in guessing. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { untilWindowEnd } from './collabHelpers.ts';
import { describe, request, waitForHealth, type HttpResult } from './http.ts';
import type { Attack } from './types.ts';

const REQUEST_TIMEOUT_MS = 30_000;
/** After a timed-out import, how long the server may take to answer /api/health again. */
const RECOVERY_MS = 15_000;

const REFERENCE_PAYLOADS: { name: string; body: unknown }[] = [
  // As reported; without a title (TI) the record is refused before any parsing of the author.
  { name: 'medline', body: { import: `PMID- 1\nAU  - ${'a '.repeat(99_000)}` } },
  // The same author line in a record that is otherwise valid, so it reaches parsing and formatting.
  { name: 'medline+TI', body: { import: `PMID- 1\nTI  - Sepsis\nAU  - ${'a '.repeat(99_000)}` } },
  {
    name: 'bibtex',
    body: { import: `@article{a,\n  title = {Sepsis},${'\n'.repeat(127_000)}  note = {x}\n}` },
  },
  { name: 'ris', body: { import: `TY  - JOUR\nTI  - Sepsis${' '.repeat(60_000)}trial\nER  - \n` } },
  {
    name: 'csl',
    body: { csl: { type: 'article-journal', title: `Sepsis${' '.repeat(100_000)}trial` } },
  },
];

export const references: Attack = {
  name: 'references',
  description:
    'POST /api/pages/:id/references: MEDLINE AU of 99k "a ", BibTeX with 127k newlines, RIS with 60k spaces, CSL title of 100k spaces',
  run: async (ctx) => {
    const started = Date.now();
    const results: Record<string, string> = {};
    const ms: Record<string, number> = {};
    const restarts: string[] = [];
    for (const payload of REFERENCE_PAYLOADS) {
      if (ctx.signal.aborted) break;
      const res: HttpResult = await request(ctx.server.url, 'POST', `/api/pages/${ctx.pageId}/references`, {
        cookie: ctx.attacker.cookie,
        body: payload.body,
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      results[payload.name] = describe(res);
      ms[payload.name] = Math.round(res.ms);
      ctx.log(`${payload.name}: ${results[payload.name]}`);
      if (!res.timedOut) continue;
      // The server is still working on it: give it a moment, else replace it to measure the rest.
      const back = await waitForHealth(ctx.server.url, RECOVERY_MS, ctx.signal);
      if (back !== null) {
        results[payload.name] += ` (then busy another ${(back / 1000).toFixed(1)} s)`;
      } else if (!ctx.signal.aborted) {
        results[payload.name] += `; still busy ${RECOVERY_MS / 1000} s later: server replaced`;
        restarts.push(payload.name);
        await ctx.restartServer();
      }
    }
    await untilWindowEnd(ctx, started);
    return { imports: results, importMs: ms, serverReplacedAfter: restarts };
  },
  summary: (d) =>
    Object.entries((d.imports as Record<string, string> | undefined) ?? {})
      .map(([k, v]) => `${k} ${v.split(';')[0]?.split(' (')[0] ?? v}`)
      .join('; '),
};

export const loginConcurrency: Attack = {
  name: 'login-concurrency',
  description: '60 concurrent POST /api/auth/login for one account from one address, the 11th one correct',
  run: async (ctx) => {
    const started = Date.now();
    const victim = ctx.editor;
    // Past the 5 guesses a limiter allows: signing in with it means the limit was bypassed.
    const CORRECT = 10;
    const attempts = Array.from({ length: 60 }, (_, i) =>
      request(ctx.server.url, 'POST', '/api/auth/login', {
        body: { email: victim.email, password: i === CORRECT ? victim.password : `wrong-guess-${i}-xx` },
        timeoutMs: REQUEST_TIMEOUT_MS,
      }),
    );
    const results = await Promise.all(attempts);
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
    const evaluated = results.filter((r) => r.status !== 429 && r.status > 0).length;
    const correct = results[CORRECT];
    await untilWindowEnd(ctx, started);
    return {
      statuses,
      evaluated,
      correctSignedIn: correct?.status === 200,
      correct: correct ? describe(correct) : '–',
    };
  },
  summary: (d) =>
    `${String(d.evaluated)}/60 guesses evaluated; the correct one ${d.correctSignedIn ? 'signed in' : `did not (${String(d.correct)})`}`,
};

/** Whether the server under test has a setting for trusting X-Forwarded-For other than PUBLIC_URL. */
function trustProxySetting(root: string): string {
  const config = join(root, 'apps/server/src/config.ts');
  const text = existsSync(config) ? readFileSync(config, 'utf8') : '';
  return /TRUST_PROXY/.test(text)
    ? 'config.ts has TRUST_PROXY (not set by the bench; PUBLIC_URL is)'
    : 'no TRUST_PROXY setting: X-Forwarded-For is trusted from loopback when PUBLIC_URL is set';
}

export const targetedLockout: Attack = {
  name: 'targeted-lockout',
  description: '20 wrong guesses over 5 addresses (X-Forwarded-For), then the right password from a 6th',
  env: { PUBLIC_URL: 'http://rounds.example.test' },
  run: async (ctx) => {
    const started = Date.now();
    const victim = ctx.editor;
    const statuses: Record<string, number> = {};
    for (let i = 0; i < 20; i++) {
      const res = await request(ctx.server.url, 'POST', '/api/auth/login', {
        body: { email: victim.email, password: `wrong-guess-${i}-xx` },
        headers: { 'x-forwarded-for': `203.0.113.${(i % 5) + 1}` },
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      statuses[String(res.status)] = (statuses[String(res.status)] ?? 0) + 1;
    }
    const real = await request(ctx.server.url, 'POST', '/api/auth/login', {
      body: { email: victim.email, password: victim.password },
      headers: { 'x-forwarded-for': '198.51.100.77' },
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    let retryAfterSeconds: number | undefined;
    try {
      retryAfterSeconds = (JSON.parse(real.text) as { retryAfterSeconds?: number }).retryAfterSeconds;
    } catch {
      // not JSON
    }
    await untilWindowEnd(ctx, started);
    return {
      trustProxy: trustProxySetting(ctx.root),
      guessStatuses: statuses,
      realUser: describe(real),
      realUserSignedIn: real.status === 200,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  },
  summary: (d) =>
    `guesses ${JSON.stringify(d.guessStatuses)}; real user from a 6th address: ${d.realUserSignedIn ? 'signed in' : `refused (${String(d.realUser)}${d.retryAfterSeconds !== undefined ? `, retry after ${Number(d.retryAfterSeconds)} s` : ''})`}`,
};
