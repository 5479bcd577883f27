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
let faculty: Awaited<ReturnType<typeof createUser>>;

/** Holds a restore between reading its revision and writing it into the draft. */
let hold: { entered: () => void; whenEntered: Promise<void>; release: Promise<void> } | null = null;

function holdingRestores(storage: Storage): Storage {
  const { revisions } = storage;
  return {
    ...storage,
    revisions: Object.assign(Object.create(revisions) as typeof revisions, {
      recordRestore: async (...args: Parameters<typeof revisions.recordRestore>) => {
        const h = hold;
        const recorded = await revisions.recordRestore(...args);
        if (h) {
          h.entered();
          await h.release;
        }
        return recorded;
      },
    }),
  };
}

beforeAll(async () => {
  server = await startServer({}, undefined, { wrapStorage: holdingRestores });
  admin = await asAdmin(server.url);
  student = await createUser(admin, 'student');
  faculty = await createUser(admin, 'faculty');
});
afterAll(async () => {
  await server.stop();
});

describe('a restore racing a purge', () => {
  it('a restore that read its revision before the purge never writes the purged text back', async () => {
    const pageId = await createPage(student.client, 'Restore race');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`${NAME} is the eponym in this ward note.`);
    editor.close();
    const r1 = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
      message: 'r1',
    });
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);

    let entered = (): void => {};
    let release = (): void => {};
    const whenEntered = new Promise<void>((r) => (entered = r));
    hold = { entered, whenEntered, release: new Promise<void>((r) => (release = r)) };
    const restored = faculty.client.post(`/api/revisions/${r1.body.id}/restore`, {});
    await whenEntered;
    hold = null;
    const purged = await purge(admin, pageId, { text: NAME, reason: REASON });
    expect(purged.status).toBe(200);
    release();
    const answer = await restored;
    // Either refused (409, the purge ran meanwhile) or restored from the cleaned revision.
    expect([200, 409]).toContain(answer.status);

    expect(await draftText(student.client, pageId)).not.toContain(NAME);
    const stored = storedForPage(server.dataDir, pageId);
    expect(stored.snapshotText).not.toContain(NAME);
    for (const r of stored.revisions) expect(r.text + r.yjsText).not.toContain(NAME);
  });
});
