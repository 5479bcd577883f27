import type { Storage } from '@rounds/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { filesHolding, purge, storedForPage } from '../support/purge.ts';
import { draftText, Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

const NAME = 'Quillonius-Vex protocol';
let failNext = false;
let server: TestServer;
let admin: ApiClient;
let student: Awaited<ReturnType<typeof createUser>>;

/** The real storage, whose purge transaction fails (after it began) while `failNext` is set. */
function failingPurges(storage: Storage): Storage {
  const purges = storage.purges;
  return {
    ...storage,
    purges: {
      revisionIds: (id) => purges.revisionIds(id),
      revisionContent: (id) => purges.revisionContent(id),
      otherTextHolds: (id, holds) => purges.otherTextHolds(id, holds),
      logUpdates: (id) => purges.logUpdates(id),
      scrubDisk: (text, later) => purges.scrubDisk(text, later),
      purgePage: (p) =>
        purges.purgePage({
          ...p,
          audit: (counts) => {
            // Called inside the transaction, after every other write: throwing rolls all back.
            if (failNext) throw new Error('disk full (simulated)');
            return p.audit(counts);
          },
        }),
    },
  };
}

beforeAll(async () => {
  server = await startServer({}, undefined, { wrapStorage: failingPurges });
  admin = await asAdmin(server.url);
  student = await createUser(admin, 'student');
});
afterAll(async () => {
  await server.stop();
});

describe('a purge that fails', () => {
  it('changes nothing, and open editors resync and keep editing', async () => {
    const pageId = await createPage(student.client, 'Heart failure');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`${NAME} was admitted with oedema.`);
    expect((await student.client.post(`/api/pages/${pageId}/revisions`, { message: 'v1' })).status).toBe(201);
    const before = storedForPage(server.dataDir, pageId);

    failNext = true;
    const res = await purge(admin, pageId, { text: NAME, reason: 'Patient name in the case' });
    failNext = false;
    expect(res.status).toBe(500);

    const after = storedForPage(server.dataDir, pageId);
    expect(after.revisions).toEqual(before.revisions);
    expect(after.purgedClients).toEqual([]);
    expect(after.audit.some((a) => a.action === 'page.purged')).toBe(false);
    expect(await draftText(student.client, pageId)).toContain(NAME);
    expect(filesHolding(server.dataDir, NAME).length).toBeGreaterThan(0);
    // The editor was closed with 1012, reconnected by itself and still edits the same document.
    await editor.append('Furosemide 40 mg IV.');
    expect(await draftText(student.client, pageId)).toContain(NAME);
    editor.close();

    // And the purge then succeeds.
    expect((await purge(admin, pageId, { text: NAME, reason: 'Patient name in the case' })).status).toBe(200);
    expect(await draftText(student.client, pageId)).not.toContain(NAME);
  });
});
