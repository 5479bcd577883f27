import { CollabCloseCode } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { connectCollab, waitFor, waitSynced } from '../support/collab.ts';
import { filesHolding, purge, storedForPage } from '../support/purge.ts';
import { draftText, Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
type Person = Awaited<ReturnType<typeof createUser>>;
let student: Person;
let faculty: Person;
let learner: Person;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  [student, faculty, learner] = await Promise.all([
    createUser(admin, 'student', 'Amara Student'),
    createUser(admin, 'faculty', 'Dr Park'),
    createUser(admin, 'learner', 'Noah Learner'),
  ]);
});
afterAll(async () => {
  await server.stop();
});

// Not a detectable identifier: the PHI guard would refuse the student's submissions of a real name.
const NAME = 'Quillonius-Vex protocol';
const REASON = 'Patient name reported by faculty (report 12)';

const textOf = async (client: ApiClient, pageId: string, version: string): Promise<string> => {
  const res = await client.get<string>(`/api/pages/${pageId}/content?version=${version}&format=text`);
  expect(res.status).toBe(200);
  return res.body;
};

interface RevisionListing {
  revisions: { id: string; state: string; message: string; purgedAt: string | null; reviews: unknown[] }[];
}

describe('purging text from a page history', () => {
  it('removes the text from the draft, the log, every revision, the published page and the database files', async () => {
    const pageId = await createPage(student.client, 'Sepsis recognition');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`Case: ${NAME}, code QX-7781, presented with fever.`);
    await editor.append('Sepsis is life-threatening organ dysfunction.');
    const first = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
      message: `Added the case of ${NAME}`,
    });
    expect(first.status).toBe(201);
    expect(
      (
        await faculty.client.post(`/api/revisions/${first.body.id}/reviews`, {
          decision: 'approve',
          comment: 'Ok.',
        })
      ).status,
    ).toBe(201);
    // Deleted text lives on in the update log: removed from the draft, then a revision of it.
    await editor.rewrite(0, `Follow-up: ${NAME} recovered.`);
    const second = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
      message: 'Follow-up',
    });
    expect(second.status).toBe(201);
    await editor.append('Measure lactate within an hour.');
    const bystander = await Editor.open(faculty.client, server.wsUrl, pageId);
    expect(await textOf(learner.client, pageId, 'published')).toContain(NAME);

    // Without the purge the bytes are on disk (the test below would pass for nothing otherwise).
    expect(filesHolding(server.dataDir, NAME).length).toBeGreaterThan(0);

    const closes: number[] = [];
    editor.collab.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    const res = await purge(admin, pageId, { text: ` ${NAME} `, reason: REASON });
    expect(res.status).toBe(200);
    expect(res.body.revisionsPurged).toBe(2);
    expect(res.body.updatesRewritten).toBeGreaterThan(0);

    // Connected editors are told to reload.
    await waitFor(() => closes.includes(CollabCloseCode.PageRewritten), 10_000, 'close 4409');

    const draft = await draftText(student.client, pageId);
    expect(draft).not.toContain(NAME);
    expect(draft).toContain('Follow-up: [removed] recovered.');
    expect(draft).toContain('Measure lactate within an hour.');
    for (const id of [first.body.id, second.body.id]) {
      const text = await textOf(student.client, pageId, id);
      expect(text).not.toContain(NAME);
      expect(text).toContain('[removed]');
    }
    expect(await textOf(learner.client, pageId, 'published')).not.toContain(NAME);
    const html = await learner.client.get<string>(
      `/api/pages/${pageId}/content?version=published&format=html`,
    );
    expect(html.body).not.toContain(NAME);
    const diff = await faculty.client.get(`/api/pages/${pageId}/diff?from=published&to=${second.body.id}`);
    expect(JSON.stringify(diff.body)).not.toContain(NAME);

    // Metadata and sign-offs stay; the revisions are marked.
    const listing = await student.client.get<RevisionListing>(`/api/pages/${pageId}/revisions`);
    const byId = new Map(listing.body.revisions.map((r) => [r.id, r]));
    expect(byId.get(first.body.id)).toMatchObject({
      state: 'approved',
      message: 'Added the case of [removed]',
    });
    expect(byId.get(first.body.id)?.reviews).toHaveLength(1);
    expect(byId.get(second.body.id)).toMatchObject({ state: 'pending', message: 'Follow-up' });
    for (const r of listing.body.revisions) expect(r.purgedAt).not.toBeNull();

    // What is stored: every revision's content and Yjs state, the snapshot, the log.
    const stored = storedForPage(server.dataDir, pageId);
    for (const r of stored.revisions) {
      for (const field of [r.doc, r.text, r.blocks, r.message, r.yjsText]) expect(field).not.toContain(NAME);
      expect(r.yjsText).toContain('[removed]');
    }
    expect(stored.snapshotText).toContain('Follow-up: [removed] recovered.');
    for (const blob of stored.updateBlobs) expect(Buffer.from(blob).includes(Buffer.from(NAME))).toBe(false);
    expect(stored.purgedClients).toContain(editor.collab.doc.clientID);

    // Audited with the reason and counts, never the text.
    const entry = stored.audit.find((a) => a.action === 'page.purged');
    expect(entry).toBeDefined();
    const data = JSON.parse(entry?.data ?? '{}') as Record<string, unknown>;
    expect(data).toMatchObject({
      reason: REASON,
      revisionsPurged: 2,
      updatesRewritten: res.body.updatesRewritten,
    });
    expect(entry?.data).not.toContain(NAME);
    expect(entry?.data).not.toContain('Smithers');

    // And the bytes left the files.
    expect(filesHolding(server.dataDir, NAME)).toEqual([]);

    // A fresh client resyncs to the cleaned document and can edit it.
    editor.close();
    bystander.close();
    const fresh = connectCollab(server.wsUrl, pageId, student.client.cookie);
    await waitSynced(fresh);
    expect(fresh.text()).toContain('Follow-up: [removed] recovered.');
    expect(fresh.text()).not.toContain(NAME);
    fresh.destroy();
    const again = await Editor.open(student.client, server.wsUrl, pageId);
    await again.append('Edited after the purge.');
    again.close();
  });

  it('scrubs comment threads, quotes and review comments of the page', async () => {
    const NAME = 'Bartholomew Quince';
    const pageId = await createPage(student.client, 'Hyperkalaemia');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`Bed 4: ${NAME} has a potassium of 7.1.`);
    const thread = await faculty.client.post<{ id: string }>(`/api/pages/${pageId}/threads`, {
      anchor: { start: 'AA==', end: 'AA==' },
      quote: NAME,
      body: `Is ${NAME} identifiable? Remove the name.`,
    });
    const res = await purge(admin, pageId, { text: NAME, reason: REASON });
    expect(res.status).toBe(200);
    editor.close();
    expect(thread.status).toBe(201);
    const threads = await faculty.client.get(`/api/pages/${pageId}/threads`);
    expect(JSON.stringify(threads.body)).toContain('[removed]');
    expect(JSON.stringify(threads.body)).not.toContain(NAME);
    expect(filesHolding(server.dataDir, NAME)).toEqual([]);
  });

  it('finds text that was deleted from the draft and lives on only in the update log', async () => {
    const NAME = 'Ottoline Pemberton';
    const pageId = await createPage(student.client, 'Asthma');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`Pasted note: ${NAME}, peak flow 180.`);
    await editor.rewrite(0, 'Peak flow 180 L/min.');
    expect(await draftText(student.client, pageId)).not.toContain(NAME);
    expect(storedForPage(server.dataDir, pageId).updateBlobs.some((b) => Buffer.from(b).includes(NAME))).toBe(
      true,
    );

    const res = await purge(admin, pageId, { text: NAME, reason: REASON });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ revisionsPurged: 0 });
    expect(res.body.updatesRewritten).toBeGreaterThan(0);
    editor.close();
    expect(storedForPage(server.dataDir, pageId).updateBlobs).toEqual([]);
    expect(await draftText(student.client, pageId)).toContain('Peak flow 180 L/min.');
    expect(filesHolding(server.dataDir, NAME)).toEqual([]);
  });

  it('purges an archived page too (it stays archived)', async () => {
    const NAME = 'Wilhelmina Crabtree';
    const pageId = await createPage(student.client, 'Gout');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`${NAME}: first MTP joint.`);
    editor.close();
    expect((await faculty.client.post(`/api/pages/${pageId}/archive`)).status).toBe(200);
    const res = await purge(admin, pageId, { text: NAME, reason: REASON });
    expect(res.status).toBe(200);
    const page = await admin.get<{ archived: boolean }>(`/api/pages/${pageId}`);
    expect(page.body.archived).toBe(true);
    expect(await textOf(admin, pageId, 'draft')).toBe('[removed]: first MTP joint.');
    expect(filesHolding(server.dataDir, NAME)).toEqual([]);
  });
});
