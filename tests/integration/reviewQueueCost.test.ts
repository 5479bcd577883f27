import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { connectCollab, eventually, waitSynced } from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

// One student's big pending revisions must not stall every faculty badge poll: the queue, its
// count and notifications read revision summaries and bounded digests, never the bodies.
const PAGES = 8;
const BLOCKS_PER_PAGE = 40;
const BLOCK_CHARS = 100_000; // 8 pages × 4 MB of pending text
const STALL_BOUND_MS = 100;
const QUEUE_BYTES_BOUND = 1_000_000;

let server: TestServer;
let faculty: ApiClient;

let seed = 7;
const words = (n: number): string => {
  let s = '';
  while (s.length < n) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    s += `w${(seed % 100000).toString(36)} `;
  }
  return s.slice(0, n);
};

/** A draft of `BLOCKS_PER_PAGE` big paragraphs, sent as one update, then submitted. */
async function bigPendingPage(student: ApiClient, n: number): Promise<void> {
  const pageId = await createPage(student, `Big page ${n}`);
  const tab = connectCollab(server.wsUrl, pageId, student.cookie);
  await waitSynced(tab);
  const fragment = tab.doc.getXmlFragment('default');
  tab.doc.transact(() => {
    for (let b = 0; b < BLOCKS_PER_PAGE; b++) {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('id', `p${n}-${b}`);
      p.insert(0, [new Y.XmlText(`Give 30 mL/kg of fluid within 3 hours. ${words(BLOCK_CHARS)}`)]);
      fragment.insert(fragment.length, [p]);
    }
  });
  try {
    await eventually(async () => {
      const res = await student.post(`/api/pages/${pageId}/revisions`, { message: 'v1' });
      // 409: the draft is not stored in full yet (empty); try again.
      if (res.status !== 201) throw new Error(`submit ${res.status}`);
    }, 60_000);
  } finally {
    tab.destroy();
  }
}

/** The longest the event loop went without a turn while `f` ran, and its result. */
async function withLongestStall<T>(f: () => Promise<T>): Promise<{ stall: number; result: T }> {
  await new Promise((r) => setTimeout(r, 50));
  let last = performance.now();
  let stall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 2);
  try {
    const result = await f();
    stall = Math.max(stall, performance.now() - last);
    return { stall, result };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  server = await startServer({ COLLAB_MAX_MESSAGE_BYTES: String(8 * 1024 * 1024) });
  const admin = await asAdmin(server.url);
  const student = await createUser(admin, 'student');
  faculty = (await createUser(admin, 'faculty')).client;
  for (let n = 0; n < PAGES; n++) await bigPendingPage(student.client, n);
}, 300_000);
afterAll(() => server.stop());

describe('the review queue with many big pending revisions', () => {
  it('the nav badge count answers without stalling the event loop', async () => {
    const { stall, result } = await withLongestStall(() => faculty.get('/api/review/queue/count'));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ count: PAGES });
    expect(stall).toBeLessThan(STALL_BOUND_MS);
  });

  it('notifications answer without stalling the event loop', async () => {
    const { stall, result } = await withLongestStall(() =>
      faculty.get<{ notifications: { kind: string }[] }>('/api/notifications'),
    );
    expect(result.status).toBe(200);
    expect(result.body.notifications.filter((n) => n.kind === 'review_requested')).toHaveLength(PAGES);
    expect(stall).toBeLessThan(STALL_BOUND_MS);
  });

  it('the queue answers without stalling, bounded in size, with capped changes and claims counted', async () => {
    const { stall, result } = await withLongestStall(() =>
      faculty.request<string>('GET', '/api/review/queue', undefined, { accept: 'application/json' }),
    );
    expect(result.status).toBe(200);
    expect(stall).toBeLessThan(STALL_BOUND_MS);
    const bytes = JSON.stringify(result.body).length;
    expect(bytes).toBeLessThan(QUEUE_BYTES_BOUND);
    const { items } = result.body as unknown as {
      items: {
        changes: { after: string | null }[];
        truncatedChanges: number;
        uncitedClaims: unknown[];
        uncitedClaimsTotal: number;
      }[];
    };
    expect(items).toHaveLength(PAGES);
    for (const item of items) {
      // Every block is new (nothing published); the card lists some, counts the rest.
      expect(item.changes.length + item.truncatedChanges).toBeGreaterThanOrEqual(BLOCKS_PER_PAGE);
      for (const c of item.changes) expect(c.after?.length ?? 0).toBeLessThanOrEqual(300);
      expect(item.uncitedClaimsTotal).toBeGreaterThanOrEqual(BLOCKS_PER_PAGE);
      expect(item.uncitedClaims.length).toBeLessThanOrEqual(20);
    }
  });
});
