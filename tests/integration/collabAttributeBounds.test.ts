import { MAX_HREF_LENGTH } from '@rounds/editor';
import { CollabCloseCode } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  eventually,
  messages,
  nextClose,
  paragraphTexts,
  RawWebSocket,
  waitFor,
  waitSynced,
} from '../support/collab.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let student: { client: ApiClient; id: string };

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = await createUser(admin, 'student');
});
afterAll(async () => {
  await server.stop();
});

const hrefOf = (chars: number): string => 'https://example.org/' + 'a'.repeat(chars - 20);

/**
 * The red team's edit (redteam/href-node-amplify.ts): one link over `words` words, with bold
 * toggled on every other word inside it, in one transaction of `doc`.
 */
function linkOverToggledWords(doc: Y.Doc, words: number, href: string): void {
  doc.transact(() => {
    const p = new Y.XmlElement('paragraph');
    p.setAttribute('id', 'p-amplify');
    const t = new Y.XmlText();
    p.insert(0, [t]);
    const frag = doc.getXmlFragment('default');
    frag.insert(frag.length, [p]);
    t.insert(0, Array.from({ length: words }, (_, i) => `w${i} `).join(''), { link: { href } });
    t.applyDelta(
      Array.from({ length: words }, (_, i) =>
        i % 2 === 0 ? { retain: `w${i} `.length, attributes: { bold: {} } } : { retain: `w${i} `.length },
      ),
    );
  });
}

/** Every update stored for the page, as one state. */
async function storedState(pageId: string): Promise<Uint8Array> {
  const stored = await server.rounds.storage.documents.loadDocument(pageId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u.update);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

const containsHref = (state: Uint8Array, href: string): boolean =>
  Buffer.from(state).includes(Buffer.from(href.slice(0, 200)));

describe('attribute bounds at the collaboration endpoint', () => {
  it("refuses the red team's 20 kB link href with 4400 before applying it: nothing stored or relayed, the honest editor undisturbed", async () => {
    const pageId = await createPage(student.client, 'Amplify nodes');
    const honest = connectCollab(server.wsUrl, pageId, admin.cookie);
    await waitSynced(honest);
    appendParagraph(honest.doc, 'honest before');
    let honestClosed = false;
    honest.provider.on('connection-close', () => (honestClosed = true));

    const tab = connectCollab(server.wsUrl, pageId, student.client.cookie);
    await waitSynced(tab);
    const closed = nextClose(tab);
    const href = hrefOf(20 * 1024);
    linkOverToggledWords(tab.doc, 2_000, href);
    expect(await closed).toBe(CollabCloseCode.BadMessage);
    tab.destroy();

    appendParagraph(honest.doc, 'honest after');
    const reader = connectCollab(server.wsUrl, pageId, admin.cookie);
    await waitSynced(reader);
    await waitFor(() => paragraphTexts(reader.doc).includes('honest after'), 5_000, 'relay');
    expect(paragraphTexts(reader.doc).some((t) => t.includes('w1999'))).toBe(false);
    // Refused from its bytes: nothing was applied, so nobody had to reload.
    expect(honestClosed).toBe(false);
    reader.destroy();
    honest.destroy();

    await eventually(async () => {
      expect(await server.rounds.storage.documents.countPendingUpdates(pageId)).toBeGreaterThan(0);
    });
    expect(containsHref(await storedState(pageId), href)).toBe(false);
    const draft = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(draft.body).toContain('honest after');
    expect(draft.body).not.toContain('w1999');
  });

  it('accepts a link of 2,048 characters, refuses 2,049, an over-long node attribute and an update of more than 1 Mi attribute characters', async () => {
    const pageId = await createPage(student.client, 'Bounds');
    const send = async (build: (doc: Y.Doc) => void): Promise<number | 'open'> => {
      const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, {
        cookie: student.client.cookie ?? '',
      });
      const doc = new Y.Doc();
      build(doc);
      raw.send(messages.update(Y.encodeStateAsUpdate(doc)));
      const code = await Promise.race([
        raw.closed,
        new Promise<'open'>((r) => setTimeout(() => r('open'), 1_000)),
      ]);
      raw.destroy();
      return code;
    };
    const link = (href: string) => (doc: Y.Doc) => {
      const p = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      p.insert(0, [t]);
      doc.getXmlFragment('default').insert(0, [p]);
      t.insert(0, 'guideline', { link: { href } });
    };
    expect(await send(link(hrefOf(MAX_HREF_LENGTH)))).toBe('open');
    expect(await send(link(hrefOf(MAX_HREF_LENGTH + 1)))).toBe(CollabCloseCode.BadMessage);
    expect(
      await send((doc) => {
        const code = new Y.XmlElement('codeBlock');
        code.setAttribute('language', 'x'.repeat(257));
        doc.getXmlFragment('default').insert(0, [code]);
      }),
    ).toBe(CollabCloseCode.BadMessage);
    expect(
      await send((doc) => {
        // 4,500 paragraphs with a 250-character id each: every value fits, the update does not.
        const frag = doc.getXmlFragment('default');
        frag.insert(
          0,
          Array.from({ length: 4_500 }, (_, i) => {
            const p = new Y.XmlElement('paragraph');
            p.setAttribute('id', String(i).padStart(250, '0'));
            return p;
          }),
        );
      }),
    ).toBe(CollabCloseCode.BadMessage);

    await eventually(async () => {
      expect(await server.rounds.storage.documents.countPendingUpdates(pageId)).toBe(1);
    });
    const draft = await admin.get<{ doc: unknown }>(`/api/pages/${pageId}/content?version=draft`);
    expect(JSON.stringify(draft.body.doc)).toContain(hrefOf(MAX_HREF_LENGTH));
  });

  it("refuses an over-long attribute name (the red team's 900,000 characters) with 4400, storing nothing", async () => {
    const pageId = await createPage(student.client, 'Attribute names');
    const send = async (name: string): Promise<number | 'open'> => {
      const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, {
        cookie: student.client.cookie ?? '',
      });
      const doc = new Y.Doc();
      const p = new Y.XmlElement('paragraph');
      p.setAttribute(name, 'x');
      p.insert(0, [new Y.XmlText(`named ${name.length}`)]);
      doc.getXmlFragment('default').insert(0, [p]);
      raw.send(messages.update(Y.encodeStateAsUpdate(doc)));
      const code = await Promise.race([
        raw.closed,
        new Promise<'open'>((r) => setTimeout(() => r('open'), 1_000)),
      ]);
      raw.destroy();
      return code;
    };
    expect(await send('n'.repeat(64))).toBe('open');
    expect(await send('n'.repeat(65))).toBe(CollabCloseCode.BadMessage);
    expect(await send('n'.repeat(900_000))).toBe(CollabCloseCode.BadMessage);

    await eventually(async () => {
      expect(await server.rounds.storage.documents.countPendingUpdates(pageId)).toBe(1);
    });
    const state = await storedState(pageId);
    expect(Buffer.from(state).includes(Buffer.from('n'.repeat(65)))).toBe(false);
    const draft = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(draft.body).toContain('named 64');
    expect(draft.body).not.toContain('named 65');
  });
});

describe('drafts stored before the bounds', () => {
  it("the red team's document written straight into storage reads, submits and publishes as its words, quickly", async () => {
    const pageId = await createPage(student.client, 'Stored before the cap');
    const doc = new Y.Doc();
    linkOverToggledWords(doc, 2_000, hrefOf(20 * 1024));
    await server.rounds.storage.documents.appendUpdates(pageId, [
      { userId: student.id, update: Y.encodeStateAsUpdate(doc), at: Date.now() },
    ]);

    let started = performance.now();
    const page = await student.client.get<string>(`/api/pages/${pageId}`);
    const pageMs = performance.now() - started;
    expect(page.status).toBe(200);
    // Before: 1.4–1.9 s, 41 MB of draft JSON behind it.
    expect(pageMs).toBeLessThan(1_000);
    started = performance.now();
    const draft = await student.client.request<string>(
      'GET',
      `/api/pages/${pageId}/content?version=draft`,
      undefined,
      {
        accept: 'application/json',
      },
    );
    expect(draft.status).toBe(200);
    const draftJson = JSON.stringify(draft.body);
    expect(draftJson.length).toBeLessThan(200_000);
    expect(draftJson).toContain('w1999');
    expect(draftJson).not.toContain('"link"');

    const revision = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
      message: 'v1',
    });
    expect(revision.status).toBe(201);
    const approved = await admin.post(`/api/revisions/${revision.body.id}/reviews`, {
      decision: 'approve',
      comment: '',
    });
    expect(approved.status).toBe(201);
    const learner = await createUser(admin, 'learner');
    const html = await learner.client.get<string>(`/api/pages/${pageId}/content?format=html`);
    expect(html.status).toBe(200);
    expect(html.body.length).toBeLessThan(200_000);
    expect(html.body).toContain('w1999');
    expect(html.body).not.toContain('<a');

    // The editor still loads it (the bounds apply to what clients send, not to what is stored).
    const tab = connectCollab(server.wsUrl, pageId, student.client.cookie);
    await waitSynced(tab);
    expect(paragraphTexts(tab.doc).some((t) => t.includes('w1999'))).toBe(true);
    tab.destroy();
  });

  it('a stored document of 2,000-character hrefs over 16,000 nodes reads within its budget, ending with a marker', async () => {
    const pageId = await createPage(student.client, 'Many nodes');
    const doc = new Y.Doc();
    linkOverToggledWords(doc, 16_000, hrefOf(2_000));
    const update = Y.encodeStateAsUpdate(doc);
    await server.rounds.storage.documents.appendUpdates(pageId, [
      { userId: student.id, update, at: Date.now() },
    ]);
    const draft = await student.client.request<string>('GET', `/api/pages/${pageId}/content?version=draft`);
    expect(draft.status).toBe(200);
    const size = JSON.stringify(draft.body).length;
    // Unbounded: ~33 MB. Budget: 2 M + 8 per Yjs byte.
    expect(size).toBeLessThan(2_000_000 + 8 * update.byteLength + 10_000);
    expect(size).toBeLessThan(33_000_000 / 4);
    const text = await student.client.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
    expect(text.body).toContain('too large to show');
  });
});
