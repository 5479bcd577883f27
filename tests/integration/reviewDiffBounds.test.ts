import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_HREF_LENGTH } from '@rounds/editor';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { connectCollab, eventually, waitSynced, type CollabClient } from '../support/collab.ts';
import { SEPSIS_BIBTEX } from '../support/fixtures.ts';
import { draftText } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

/**
 * The rich review diff is bounded (docs/decisions.md, "Review diff bounds"). Red team inputs:
 * 36 paragraphs of 1,400 words with every other word changed held the event loop 6–7 s; one 20 kB
 * link target under every word of a 60 kB page made a 201 MB diff. And the queue's evidence mix is
 * that of the revision being signed (its reference snapshot), not of the library as it is now.
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

let seed = 1;
const word = (): string => `w${((seed = (seed * 1103515245 + 12345) % 2147483648) % 100000).toString(36)}`;

/** Writes `blocks` paragraphs of `words` words (each with `attrs` on its text), submits, then changes every other word. */
async function hostilePage(
  title: string,
  blocks: number,
  words: number,
  attrs?: Record<string, unknown>,
): Promise<{ pageId: string; revisionId: string; tab: CollabClient }> {
  const pageId = await createPage(student, title);
  const tab = connectCollab(server.wsUrl, pageId, student.cookie);
  await waitSynced(tab);
  const frag = tab.doc.getXmlFragment('default');
  const orig = Array.from({ length: blocks }, () => Array.from({ length: words }, word));
  tab.doc.transact(() => {
    orig.forEach((o, b) => {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('id', `b${b}`);
      const t = new Y.XmlText();
      p.insert(0, [t]);
      frag.insert(frag.length, [p]);
      t.insert(0, o.join(' '), attrs);
    });
  });
  const last = orig[blocks - 1]?.join(' ') ?? '';
  await eventually(async () => expect(await draftText(student, pageId)).toContain(last), 30_000);
  const rev = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
  expect(rev.status).toBe(201);
  let changedLast = '';
  tab.doc.transact(() => {
    frag.toArray().forEach((el, b) => {
      if (!(el instanceof Y.XmlElement)) return;
      const t = el.get(0) as Y.XmlText;
      t.delete(0, t.length);
      changedLast = (orig[b] ?? []).map((w, i) => (i % 2 === 0 ? word() : w)).join(' ');
      t.insert(0, changedLast, attrs);
    });
  });
  await eventually(async () => expect(await draftText(student, pageId)).toContain(changedLast), 30_000);
  return { pageId, revisionId: rev.body.id, tab };
}

/** Runs `request` while measuring the longest event-loop stall in this process (the server's). */
async function withLoopMonitor<T>(
  request: () => Promise<T>,
): Promise<{ result: T; maxStallMs: number; ms: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const started = performance.now();
  const result = await request();
  const ms = performance.now() - started;
  h.disable();
  return { result, maxStallMs: h.max / 1e6, ms };
}

interface Diff {
  changes: {
    type: string;
    blockId: string;
    before: string | null;
    after: string | null;
    truncated?: boolean;
    inline: unknown[] | null;
    details: { kind: string }[];
  }[];
  truncatedChanges?: number;
}

describe('review diff bounds', () => {
  it('36 blocks of 1,400 words, every other word changed: answers fast, the loop never held 200 ms', async () => {
    const { pageId, revisionId, tab } = await hostilePage('Stall', 36, 1_400);
    const url = `/api/pages/${pageId}/diff?from=${revisionId}&to=draft`;
    const first = await withLoopMonitor(() => faculty.get<Diff>(url));
    expect(first.result.status).toBe(200);
    // Before the work budget: 6–7 s, the loop blocked throughout.
    expect(first.ms).toBeLessThan(3_000);
    expect(first.maxStallMs).toBeLessThan(200);
    const { changes } = first.result.body;
    expect(changes).toHaveLength(36);
    expect(changes.map((c) => c.blockId)).toEqual(Array.from({ length: 36 }, (_, b) => `b${b}`));
    // Past the budget, blocks show replaced, their text whole (under the display cap) and marked as such.
    const replaced = changes.filter((c) => c.inline === null);
    expect(replaced.length).toBeGreaterThan(0);
    expect(replaced.every((c) => c.details.some((d) => d.kind === 'replaced'))).toBe(true);
    expect(changes.every((c) => c.truncated === true && (c.after?.length ?? 0) < 2_100)).toBe(true);
    // Two revisions (the queue's case): computed once, then answered from the cache, the same.
    const rev2 = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v2' });
    expect(rev2.status).toBe(201);
    const pair = `/api/pages/${pageId}/diff?from=${revisionId}&to=${rev2.body.id}`;
    const computed = await withLoopMonitor(() => faculty.get<Diff>(pair));
    const cached = await withLoopMonitor(() => faculty.get<Diff>(pair));
    expect(computed.maxStallMs).toBeLessThan(200);
    expect(cached.maxStallMs).toBeLessThan(200);
    expect(cached.result.body.changes).toEqual(computed.result.body.changes);
    expect(computed.result.body.changes).toEqual(changes);
    tab.destroy();
  }, 120_000);

  it('the longest link target allowed, under every word, does not multiply the response', async () => {
    // 2,048 characters: the apply-time bound (MAX_HREF_LENGTH); longer ones are refused outright.
    const href = `https://example.org/${'a'.repeat(MAX_HREF_LENGTH - 20)}`;
    const { pageId, revisionId, tab } = await hostilePage('Amplify', 2, 1_400, { link: { href } });
    const res = await fetch(`${server.url}/api/pages/${pageId}/diff?from=${revisionId}&to=draft`, {
      headers: { cookie: faculty.cookie ?? '' },
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    // Before the bounds: 201 MB for this page with a 20 kB target.
    expect(text.length).toBeLessThan(500_000);
    expect(text).not.toContain('a'.repeat(1_000));
    tab.destroy();
  }, 120_000);

  it("the queue's evidence mix is the revision's reference snapshot, not the library now", async () => {
    const pageId = await createPage(student, 'Evidence snapshot');
    const refs = (
      await student.post<{ references: { id: string }[] }>(`/api/pages/${pageId}/references`, {
        import: SEPSIS_BIBTEX,
      })
    ).body.references;
    const [cited, uncited] = refs;
    await student.request('PATCH', `/api/pages/${pageId}/references/${cited?.id}`, { evidenceLevel: 'rct' });
    await student.request('PATCH', `/api/pages/${pageId}/references/${uncited?.id}`, {
      evidenceLevel: 'guideline',
    });
    const tab = connectCollab(server.wsUrl, pageId, student.cookie);
    await waitSynced(tab);
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('Sepsis is organ dysfunction.')]);
    const c = new Y.XmlElement('citation');
    c.setAttribute('refIds', [cited?.id ?? ''] as unknown as string);
    p.insert(1, [c]);
    tab.doc.getXmlFragment('default').insert(0, [p]);
    await eventually(async () => {
      const html = (await student.get<string>(`/api/pages/${pageId}/content?version=draft&format=html`)).body;
      expect(html).toContain('[1]</sup>');
    });
    expect((await student.post(`/api/pages/${pageId}/revisions`, { message: 'v1' })).status).toBe(201);
    // The library changes after submission: the revision being signed still cites one RCT.
    const patched = await student.request('PATCH', `/api/pages/${pageId}/references/${cited?.id}`, {
      evidenceLevel: 'expert_opinion',
    });
    expect(patched.status).toBe(200);
    const queue = await faculty.get<{ items: { page: { id: string }; evidence: Record<string, number> }[] }>(
      '/api/review/queue',
    );
    expect(queue.body.items.find((i) => i.page.id === pageId)?.evidence).toEqual({ rct: 1 });
    tab.destroy();
  }, 60_000);
});
