import type { Storage } from '@rounds/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { purge, storedForPage } from '../support/purge.ts';
import { draftText, Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

const NAME = 'Quillonius';
const REASON = 'Patient name in the case history';
let server: TestServer;
let admin: ApiClient;
let student: Awaited<ReturnType<typeof createUser>>;

/**
 * Holds the race open: a submission that snapshotted the draft stores its revision only once the
 * purge has listed the page's revisions, and the purge writes only after that revision is stored.
 */
let race: {
  listed: () => void;
  whenListed: Promise<void>;
  stored: () => void;
  whenStored: Promise<void>;
} | null = null;
function newRace(): NonNullable<typeof race> {
  let listed = (): void => {};
  let stored = (): void => {};
  const whenListed = new Promise<void>((r) => (listed = r));
  const whenStored = new Promise<void>((r) => (stored = r));
  return { listed, whenListed, stored, whenStored };
}

function racing(storage: Storage): Storage {
  const { revisions, purges } = storage;
  return {
    ...storage,
    revisions: Object.assign(Object.create(revisions) as typeof revisions, {
      insertRevision: async (...args: Parameters<typeof revisions.insertRevision>) => {
        const r = race;
        if (r) await r.whenListed;
        try {
          return await revisions.insertRevision(...args);
        } finally {
          r?.stored();
        }
      },
    }),
    purges: {
      revisionContent: (id) => purges.revisionContent(id),
      otherTextHolds: (id, holds) => purges.otherTextHolds(id, holds),
      logUpdates: (id) => purges.logUpdates(id),
      scrubDisk: (text, later) => purges.scrubDisk(text, later),
      revisionIds: async (id) => {
        const ids = await purges.revisionIds(id);
        race?.listed();
        return ids;
      },
      purgePage: async (p) => {
        if (race) await race.whenStored;
        return purges.purgePage(p);
      },
    },
  };
}

beforeAll(async () => {
  server = await startServer({}, undefined, { wrapStorage: racing });
  admin = await asAdmin(server.url);
  student = await createUser(admin, 'student');
});
afterAll(async () => {
  await server.stop();
});

describe('a submission racing a purge', () => {
  it('a purge that missed a revision stored meanwhile answers 409 and changes nothing; run again, it removes the text from it too', async () => {
    const pageId = await createPage(student.client, 'Race');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`${NAME} is the eponym in this ward note.`);
    editor.close();

    race = newRace();
    const submitted = student.client.post(`/api/pages/${pageId}/revisions`, { message: 'racing' });
    // The submission has its snapshot (the draft as it was) and waits to store it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const purged = await purge(admin, pageId, { text: NAME, reason: REASON });
    expect((await submitted).status).toBe(201);
    race = null;
    expect(purged.status).toBe(409);
    expect(purged.body.message).toMatch(/purge again/);

    expect((await purge(admin, pageId, { text: NAME, reason: REASON })).status).toBe(200);
    const stored = storedForPage(server.dataDir, pageId);
    expect(stored.revisions).toHaveLength(1);
    for (const r of stored.revisions) expect(r.text + r.yjsText).not.toContain(NAME);
    expect(await draftText(student.client, pageId)).not.toContain(NAME);
  });
});
