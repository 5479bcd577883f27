import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollabCloseCode } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import {
  appendParagraph,
  connectCollab,
  eventually,
  messages,
  nextClose,
  paragraphTexts,
  RawWebSocket,
  upgradeStatus,
  waitFor,
  waitSynced,
} from '../support/collab.ts';
import {
  CRAFTED_HALF_APPLYING_UPDATE,
  damagedState,
  deeplyNestedUpdate,
  nestingInTwoSteps,
} from '../support/hostileUpdates.ts';
import { ADMIN, startServer, type TestServer } from '../support/server.ts';

const ENV = { COLLAB_IDLE_UNLOAD_MS: '100' };

let dataDir: string;
let server: TestServer;
let admin: ApiClient;
let writerEmail: string;
let attackerEmail: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rounds-hostile-'));
  server = await startServer(ENV, dataDir);
  admin = await asAdmin(server.url);
  writerEmail = (await createUser(admin, 'student')).email;
  attackerEmail = (await createUser(admin, 'student')).email;
});
afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(email: string): Promise<ApiClient> {
  return new ApiClient(server.url).login(email, TEST_PASSWORD);
}

async function restart(): Promise<void> {
  await server.stop();
  server = await startServer(ENV, dataDir, { bootstrapAdmin: false });
  admin = await new ApiClient(server.url).login(ADMIN.email, ADMIN.password);
}

/** The page answers, its draft holds `texts`, and a fresh editor syncs them. */
async function expectReadable(pageId: string, texts: string[]): Promise<void> {
  expect((await admin.get(`/api/pages/${pageId}`)).status).toBe(200);
  const draft = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
  expect(draft.status).toBe(200);
  for (const t of texts) expect(draft.body).toContain(t);
  const fresh = connectCollab(server.wsUrl, pageId, admin.cookie);
  try {
    await waitSynced(fresh);
    for (const t of texts) expect(paragraphTexts(fresh.doc)).toContain(t);
  } finally {
    fresh.destroy();
  }
}

async function waitUnloaded(pageId: string): Promise<void> {
  await eventually(async () => {
    expect(await server.rounds.storage.documents.countPendingUpdates(pageId)).toBe(0);
  });
  await new Promise((r) => setTimeout(r, 300));
}

describe('hostile Yjs updates', () => {
  it('a crafted update Yjs would half-apply is refused, and the page stays readable through unload and restart', async () => {
    const writer = await signIn(writerEmail);
    const attacker = await signIn(attackerEmail);
    const pageId = await createPage(writer);
    const editor = connectCollab(server.wsUrl, pageId, writer.cookie);
    await waitSynced(editor);
    appendParagraph(editor.doc, 'written before the attack');

    const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, { cookie: attacker.cookie ?? '' });
    raw.send(messages.update(CRAFTED_HALF_APPLYING_UPDATE));
    expect(await raw.closed).toBe(CollabCloseCode.BadMessage);

    // The honest editor never noticed: still connected, still editing.
    appendParagraph(editor.doc, 'written after the attack');
    const reader = connectCollab(server.wsUrl, pageId, admin.cookie);
    await waitSynced(reader);
    await waitFor(() => paragraphTexts(reader.doc).includes('written after the attack'), 5_000, 'relay');
    expect(editor.provider.wsconnected).toBe(true);
    reader.destroy();
    editor.destroy();

    const texts = ['written before the attack', 'written after the attack'];
    await waitUnloaded(pageId);
    await expectReadable(pageId, texts);
    await restart();
    await expectReadable(pageId, texts);
  });

  it('a nesting deeper than the schema allows is refused before it is applied', async () => {
    const writer = await signIn(writerEmail);
    const attacker = await signIn(attackerEmail);
    const pageId = await createPage(writer);
    const editor = connectCollab(server.wsUrl, pageId, writer.cookie);
    await waitSynced(editor);
    appendParagraph(editor.doc, 'honest paragraph');
    let closed = false;
    editor.provider.on('connection-close', () => (closed = true));
    const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, { cookie: attacker.cookie ?? '' });
    raw.send(messages.update(deeplyNestedUpdate(20_000, 'buried')));
    expect(await raw.closed).toBe(CollabCloseCode.BadMessage);
    appendParagraph(editor.doc, 'after the attack');
    const reader = connectCollab(server.wsUrl, pageId, admin.cookie);
    await waitSynced(reader);
    await waitFor(() => paragraphTexts(reader.doc).includes('after the attack'), 5_000, 'relay');
    // Refused from the bytes alone: nothing was applied, so nobody had to reconnect.
    expect(closed).toBe(false);
    expect(JSON.stringify(reader.doc.getXmlFragment('default').toJSON())).not.toContain('blockquote');
    reader.destroy();
    editor.destroy();
    await waitUnloaded(pageId);
    await expectReadable(pageId, ['honest paragraph', 'after the attack']);
  });

  it('nesting built up over two updates is refused once applied; editors reconnect to a copy reloaded from storage', async () => {
    const writer = await signIn(writerEmail);
    const attacker = await signIn(attackerEmail);
    const pageId = await createPage(writer);
    const editor = connectCollab(server.wsUrl, pageId, writer.cookie);
    await waitSynced(editor);
    appendParagraph(editor.doc, 'honest paragraph');
    const reader = connectCollab(server.wsUrl, pageId, admin.cookie);
    await waitSynced(reader);
    await waitFor(() => paragraphTexts(reader.doc).includes('honest paragraph'), 5_000, 'relay');

    const [shallow, deeper] = nestingInTwoSteps(30, 30);
    const editorClosed = nextClose(editor);
    const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, { cookie: attacker.cookie ?? '' });
    raw.send(messages.update(shallow));
    raw.send(messages.update(deeper));
    expect(await raw.closed).toBe(CollabCloseCode.BadMessage);
    // The live copy held the nesting for a moment: editors are told to come back (1012) ...
    expect(await editorClosed).toBe(CollabCloseCode.Reloading);
    // ... and, reconnected, keep editing a copy without the second update.
    await waitSynced(editor);
    appendParagraph(editor.doc, 'after the reload');
    await waitFor(
      () => paragraphTexts(reader.doc).includes('after the reload'),
      10_000,
      'relay after reload',
    );
    // The attacker may not come straight back to that page.
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, { cookie: attacker.cookie ?? '' })).toBe(
      429,
    );
    reader.destroy();
    editor.destroy();

    await waitUnloaded(pageId);
    await expectReadable(pageId, ['honest paragraph', 'after the reload']);
    const draft = await admin.get<{ doc: unknown }>(`/api/pages/${pageId}/content?version=draft`);
    const depth = (JSON.stringify(draft.body.doc).match(/blockquote/g) ?? []).length;
    expect(depth).toBeLessThanOrEqual(30);
  });

  it('attribute values JSON cannot hold (a BigInt) are refused, and the page stays readable and submittable', async () => {
    const writer = await signIn(writerEmail);
    const attacker = await signIn(attackerEmail);
    const pageId = await createPage(writer);
    const editor = connectCollab(server.wsUrl, pageId, writer.cookie);
    await waitSynced(editor);
    appendParagraph(editor.doc, 'honest text');
    await eventually(async () => {
      expect(await server.rounds.storage.documents.countPendingUpdates(pageId)).toBeGreaterThan(0);
    });
    const doc = new Y.Doc();
    const heading = new Y.XmlElement('heading');
    doc.getXmlFragment('default').insert(0, [heading]);
    heading.setAttribute('level', 10n as unknown as string);
    heading.insert(0, [new Y.XmlText('x')]);
    const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, { cookie: attacker.cookie ?? '' });
    raw.send(messages.update(Y.encodeStateAsUpdate(doc)));
    expect(await raw.closed).toBe(CollabCloseCode.BadMessage);
    await waitSynced(editor);
    editor.destroy();
    await expectReadable(pageId, ['honest text']);
    const submitted = await writer.post(`/api/pages/${pageId}/revisions`, { message: 'first draft' });
    expect(submitted.status).toBe(201);
  });

  it('a table span of 10^7 or a 30,000-character mark name is refused and reads stay quick', async () => {
    const writer = await signIn(writerEmail);
    const pageId = await createPage(writer);
    const editor = connectCollab(server.wsUrl, pageId, writer.cookie);
    await waitSynced(editor);
    appendParagraph(editor.doc, 'honest text');
    await eventually(async () => {
      expect(await server.rounds.storage.documents.countPendingUpdates(pageId)).toBeGreaterThan(0);
    });
    const spanned = new Y.Doc();
    const table = new Y.XmlElement('table');
    const row = new Y.XmlElement('tableRow');
    const cell = new Y.XmlElement('tableCell');
    spanned.getXmlFragment('default').insert(0, [table]);
    table.insert(0, [row]);
    row.insert(0, [cell]);
    cell.setAttribute('colspan', 10_000_000 as unknown as string);
    const marked = new Y.Doc();
    const p = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    marked.getXmlFragment('default').insert(0, [p]);
    p.insert(0, [text]);
    text.insert(0, 'x', { ['--'.repeat(15_000)]: true });
    for (const hostile of [spanned, marked]) {
      // A fresh attacker each time: one whose update failed is kept off the page for a while.
      const attacker = (await createUser(admin, 'student')).client;
      const raw = await RawWebSocket.open(server.wsUrl, `/collab/${pageId}`, {
        cookie: attacker.cookie ?? '',
      });
      raw.send(messages.update(Y.encodeStateAsUpdate(hostile)));
      expect(await raw.closed).toBe(CollabCloseCode.BadMessage);
    }
    editor.destroy();
    const started = Date.now();
    const html = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=html`);
    expect(html.status).toBe(200);
    expect(html.body).toContain('honest text');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a stored snapshot that does not load falls back to the previous snapshot and the log since it', async () => {
    const writer = await signIn(writerEmail);
    const pageId = await createPage(writer);
    const texts: string[] = [];
    for (const round of [1, 2]) {
      const editor = connectCollab(server.wsUrl, pageId, writer.cookie);
      await waitSynced(editor);
      const text = `round ${round}`;
      appendParagraph(editor.doc, text);
      texts.push(text);
      await eventually(async () => {
        expect(await server.rounds.storage.documents.countPendingUpdates(pageId)).toBeGreaterThan(0);
      });
      editor.destroy();
      await waitUnloaded(pageId);
    }
    // Damage on disk: the latest snapshot no longer loads.
    const documents = server.rounds.storage.documents;
    const stored = await documents.loadDocument(pageId);
    await documents.replaceSnapshot(pageId, damagedState('not the real text'), stored.snapshotSeq + 1);
    const probe = new Y.Doc();
    const damaged = (await documents.loadDocument(pageId)).snapshot ?? new Uint8Array();
    expect(() => Y.applyUpdate(probe, damaged)).toThrow();
    probe.destroy();

    await expectReadable(pageId, texts);
    await restart();
    await expectReadable(pageId, texts);
  });
});
