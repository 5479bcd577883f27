import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  eventually,
  waitSynced,
  type CollabClient,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

/**
 * Reads of a big draft are cached per document version (docs/decisions.md, "Draft read cache").
 * Red team (redteam/big-doc-stall.ts): on a 15 MB draft every `GET /api/pages/:id` held the event
 * loop 457 ms, and a cached rev → rev diff still 205 ms (both sides were read before the cache).
 */

let server: TestServer;
let student: ApiClient;

beforeAll(async () => {
  server = await startServer();
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
});
afterAll(async () => {
  await server.stop();
});

let seed = 7;
const words = (chars: number): string => {
  let s = '';
  while (s.length < chars)
    s += `w${((seed = (seed * 1103515245 + 12345) % 2147483648) % 100000).toString(36)} `;
  return s.slice(0, chars);
};

/**
 * Longest event-loop stall in this process (the server's) while `request` runs, as the longest
 * gap between ticks of a 2 ms timer (monitorEventLoopDelay records nothing for a stall that ends
 * just before it is disabled).
 */
async function maxStallOf(request: () => Promise<unknown>): Promise<number> {
  let max = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 2);
  try {
    await request();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    clearInterval(timer);
  }
  return max;
}

const MB = 8;

/** A page whose draft is `MB` MB of text in paragraphs of 100 kB, stored and readable. */
async function bigDraft(title: string): Promise<{ pageId: string; tab: CollabClient }> {
  const pageId = await createPage(student, title);
  const tab = connectCollab(server.wsUrl, pageId, student.cookie);
  await waitSynced(tab);
  const blocks = MB * 10;
  for (let b = 0; b < blocks; b++) {
    tab.doc.transact(() => appendParagraph(tab.doc, words(100_000), `b${b}`));
    await new Promise((r) => setTimeout(r, 40));
  }
  appendParagraph(tab.doc, 'last block', 'last');
  await eventually(async () => {
    const text = await student.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(text.body).toContain('last block');
  }, 30_000);
  return { pageId, tab };
}

const draftText = async (pageId: string): Promise<string> =>
  (await student.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`)).body;

describe('draft reads of a big document', () => {
  it('cost nothing while the draft is unchanged, and show every applied change at once', async () => {
    const { pageId, tab } = await bigDraft('Big cached draft');
    expect((await student.get(`/api/pages/${pageId}`)).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const stall = await maxStallOf(async () => {
        expect((await student.get(`/api/pages/${pageId}`)).status).toBe(200);
      });
      expect(stall).toBeLessThan(50);
    }

    // An edit from the socket: the next reads show it (never the draft from before it).
    appendParagraph(tab.doc, 'fresh edit', 'fresh');
    await eventually(async () => expect(await draftText(pageId)).toContain('fresh edit'), 20_000);

    // Submit snapshots exactly the current state (the cached materialization of it).
    const rev = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    expect(rev.status).toBe(201);
    const revText = await student.get<string>(
      `/api/pages/${pageId}/content?version=${rev.body.id}&format=text`,
    );
    expect(revText.body).toBe(await draftText(pageId));

    appendParagraph(tab.doc, 'after submit', 'after');
    await eventually(async () => expect(await draftText(pageId)).toContain('after submit'), 20_000);
    tab.destroy();

    // A server-made change resolves once applied and stored: the read right after must show it.
    expect((await student.post(`/api/revisions/${rev.body.id}/restore`)).status).toBe(200);
    // The first read of the new version materializes it on a worker thread: the loop pays the
    // encode and the copy back (in process it held the loop ~250 ms for this draft).
    const firstStall = await maxStallOf(async () => {
      expect((await student.get(`/api/pages/${pageId}`)).status).toBe(200);
    });
    expect(firstStall).toBeLessThan(120);
    const restored = await draftText(pageId);
    expect(restored).not.toContain('after submit');
    expect(restored).toContain('fresh edit');
  }, 120_000);

  it('answers a rev → rev diff from the cache without reading either side', async () => {
    const { pageId, tab } = await bigDraft('Big diffed revisions');
    const r1 = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    expect(r1.status).toBe(201);
    appendParagraph(tab.doc, 'second revision', 'second');
    await eventually(async () => expect(await draftText(pageId)).toContain('second revision'), 20_000);
    tab.destroy();
    const r2 = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v2' });
    expect(r2.status).toBe(201);

    const url = `/api/pages/${pageId}/diff?from=${r1.body.id}&to=${r2.body.id}`;
    const first = await student.get<{ changes: { after: string | null }[] }>(url);
    expect(first.status).toBe(200);
    expect(first.body.changes.some((c) => c.after === 'second revision')).toBe(true);
    for (let i = 0; i < 3; i++) {
      let again: unknown;
      const stall = await maxStallOf(async () => {
        again = (await student.get(url)).body;
      });
      expect(again).toEqual(first.body);
      expect(stall).toBeLessThan(50);
    }
    // A cached entry is of its page only: the same revisions under another page are not found.
    const other = await createPage(student, 'Other page');
    expect((await student.get(`/api/pages/${other}/diff?from=${r1.body.id}&to=${r2.body.id}`)).status).toBe(
      404,
    );
  }, 120_000);
});
