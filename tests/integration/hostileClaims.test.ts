import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

/**
 * "Citation needed" runs on every page read and every review-queue load. Before the fix one
 * paragraph of 100,000 digits made `GET /api/pages/:id` take 27 s, and 40,000 digits cost 3–5 s on
 * every read of the page and of the review queue.
 */
let server: TestServer;
let student: ApiClient;
let faculty: ApiClient;

beforeAll(async () => {
  server = await startServer();
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
});
afterAll(async () => {
  await server.stop();
});

/** Generous for a noisy machine: the analysis takes milliseconds, the old rule took seconds. */
const READ_MS = 1_000;
const HEALTH_MS = 100;

/** Times `request` while `/api/health` is polled back to back; the best of three runs (OS stalls happen, a blocked loop repeats). */
async function timedWithHealth<T>(
  request: () => Promise<T>,
): Promise<{ result: T; ms: number; slowestHealthMs: number }> {
  let best: { result: T; ms: number; slowestHealthMs: number } | undefined;
  for (let attempt = 0; attempt < 3 && !(best && best.slowestHealthMs < HEALTH_MS); attempt++) {
    let running = true;
    let slowestHealthMs = 0;
    const poll = async (): Promise<void> => {
      while (running) {
        const start = performance.now();
        await (await fetch(`${server.url}/api/health`)).arrayBuffer();
        slowestHealthMs = Math.max(slowestHealthMs, performance.now() - start);
      }
    };
    const pollers = [poll(), poll()];
    const start = performance.now();
    const result = await request();
    const ms = performance.now() - start;
    running = false;
    await Promise.all(pollers);
    if (!best || slowestHealthMs < best.slowestHealthMs) best = { result, ms, slowestHealthMs };
  }
  return best as { result: T; ms: number; slowestHealthMs: number };
}

const N = 100_000;
const HOSTILE: [string, string][] = [
  ['100,000 digits', '1'.repeat(N)],
  ['40,000 digits', '1'.repeat(40_000)],
  ['100,000 digits and commas', '1,'.repeat(N / 2)],
  ['100,000 spaces after a number', `1${' '.repeat(N)}x`],
  ['100,000 letters', 'a'.repeat(N)],
  ['100,000 mixed characters', Array.from({ length: N }, (_, i) => '1 a.,%-9'[(i * 7) % 8]).join('')],
];

describe('citation needed on hostile paragraphs', () => {
  it.each(HOSTILE)(
    'a page with a paragraph of %s reads quickly, with health answering',
    async (_name, text) => {
      const pageId = await createPage(student, 'Hostile paragraph');
      const editor = await Editor.open(student, server.wsUrl, pageId);
      await editor.append(text);
      await editor.append('Give adrenaline 0.5 mg intramuscularly.');
      editor.close();
      for (let read = 0; read < 2; read++) {
        const page = await timedWithHealth(() =>
          student.get<{ uncitedClaims: number }>(`/api/pages/${pageId}`),
        );
        expect(page.result.status).toBe(200);
        expect(page.result.body.uncitedClaims).toBeGreaterThanOrEqual(1);
        expect(page.ms).toBeLessThan(READ_MS);
        expect(page.slowestHealthMs).toBeLessThan(HEALTH_MS);
      }
    },
  );

  it('the review queue with such pages in it loads quickly', async () => {
    for (const [, text] of HOSTILE.slice(0, 2)) {
      const pageId = await createPage(student, 'Hostile review');
      const editor = await Editor.open(student, server.wsUrl, pageId);
      await editor.append(text);
      await editor.append('Mortality is 40%.');
      editor.close();
      expect((await student.post(`/api/pages/${pageId}/revisions`, { message: 'v1' })).status).toBe(201);
    }
    const queue = await timedWithHealth(() =>
      faculty.get<{ items: { uncitedClaims: { sentence: string }[] }[] }>('/api/review/queue'),
    );
    expect(queue.result.status).toBe(200);
    expect(queue.result.body.items.length).toBeGreaterThanOrEqual(2);
    expect(queue.result.body.items.flatMap((i) => i.uncitedClaims.map((c) => c.sentence))).toContain(
      'Mortality is 40%.',
    );
    expect(queue.ms).toBeLessThan(READ_MS);
    expect(queue.slowestHealthMs).toBeLessThan(HEALTH_MS);
  });
});
