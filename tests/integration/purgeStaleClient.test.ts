import { CollabCloseCode } from '@rounds/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { appendParagraph, connectCollab, waitFor, waitSynced } from '../support/collab.ts';
import { filesHolding, purge, storedForPage } from '../support/purge.ts';
import { draftText, Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

const NAME = 'Ignatius Featherstonehaugh';
const REASON = 'Patient identifier found in the case vignette';
const dir = mkdtempSync(join(tmpdir(), 'rounds-purge-stale-'));
let server: TestServer;
let admin: ApiClient;
let student: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startServer({}, dir);
  admin = await asAdmin(server.url);
  student = await createUser(admin, 'student', 'Amara Student');
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const logHolds = (pageId: string, text: string): boolean =>
  storedForPage(server.dataDir, pageId).updateBlobs.some((b) => Buffer.from(b).includes(Buffer.from(text)));

describe('a client still holding the purged document', () => {
  it('is refused when it reconnects with its old document, and nothing of it comes back', async () => {
    const pageId = await createPage(student.client, 'Stroke thrombolysis');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`Case of ${NAME}, 71, onset 09:40.`);
    // A raw y-websocket provider that reconnects after every close, whatever the code.
    const stale = editor.collab.provider;
    stale.shouldReconnect = () => true;
    const closes: number[] = [];
    stale.on('connection-close', (event) => closes.push(event?.code ?? 0));

    const res = await purge(admin, pageId, { text: NAME, reason: REASON });
    expect(res.status).toBe(200);
    await waitFor(() => closes.includes(CollabCloseCode.PageRewritten), 10_000, 'close 4409');
    // It comes back with its old Y.Doc (the name still in it) and more edits on top.
    expect(editor.collab.text()).toContain(NAME);
    appendParagraph(editor.collab.doc, `Offline note about ${NAME}.`);
    await waitFor(
      () => closes.filter((c) => c === CollabCloseCode.PageRewritten).length >= 3,
      15_000,
      'refusals',
    );
    stale.shouldReconnect = () => false;
    editor.close();

    const draft = await draftText(student.client, pageId);
    expect(draft).not.toContain(NAME);
    expect(draft).not.toContain('Offline note');
    expect(logHolds(pageId, NAME)).toBe(false);
    expect(filesHolding(server.dataDir, NAME)).toEqual([]);
  });

  it('is refused also when it sends old structs without naming an old client in sync step 1', async () => {
    const pageId = await createPage(student.client, 'Anaphylaxis');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`Reaction in ${NAME} after amoxicillin.`);
    const oldState = Y.encodeStateAsUpdate(editor.collab.doc);
    expect((await purge(admin, pageId, { text: NAME, reason: REASON })).status).toBe(200);
    editor.close();

    // A fresh document that syncs first, then receives the old state and forwards it as an update.
    const sneaky = connectCollab(server.wsUrl, pageId, student.client.cookie);
    await waitSynced(sneaky);
    const closes: number[] = [];
    sneaky.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    Y.applyUpdate(sneaky.doc, oldState);
    await waitFor(() => closes.includes(CollabCloseCode.PageRewritten), 10_000, 'close 4409');
    sneaky.destroy();
    expect(await draftText(student.client, pageId)).not.toContain(NAME);
    expect(logHolds(pageId, NAME)).toBe(false);
  });

  it('is still refused after a restart, and the purge survives it', async () => {
    const pageId = await createPage(student.client, 'Pulmonary embolism');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`Wells score for ${NAME}: 6.`);
    expect((await purge(admin, pageId, { text: NAME, reason: REASON })).status).toBe(200);
    const oldState = Y.encodeStateAsUpdate(editor.collab.doc);
    editor.close();

    await server.stop();
    server = await startServer({}, dir);
    admin = await asAdmin(server.url);
    const client = await new ApiClient(server.url).login(student.email, TEST_PASSWORD);
    expect(await draftText(client, pageId)).toContain('Wells score for [removed]: 6.');

    const closes: number[] = [];
    const stale = connectCollab(server.wsUrl, pageId, client.cookie, { connect: false });
    Y.applyUpdate(stale.doc, oldState);
    stale.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    stale.provider.connect();
    await waitFor(() => closes.includes(CollabCloseCode.PageRewritten), 10_000, 'close 4409');
    stale.destroy();
    expect(await draftText(client, pageId)).not.toContain(NAME);
    expect(filesHolding(server.dataDir, NAME)).toEqual([]);
  });
});
