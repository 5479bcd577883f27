import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { filesHolding, purge, storedForPage } from '../support/purge.ts';
import { draftText, Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

const NAME = 'Quillonius-Vex protocol';
const REASON = 'Patient information in the page';
let server: TestServer;
let admin: ApiClient;
let student: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  student = await createUser(admin, 'student');
});
afterAll(async () => {
  await server.stop();
});

describe('a purge while another process holds a read transaction', () => {
  it('answers 200 within seconds with diskScrubPending, and scrubs the WAL once the reader ends (audited)', async () => {
    const pageId = await createPage(student.client, 'WAL page');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append(`Seen ${NAME} today.`);
    editor.close();
    const reader = new Database(join(server.dataDir, 'rounds.db'), { readonly: true });
    try {
      reader.prepare('BEGIN').run();
      reader.prepare('SELECT count(*) FROM doc_updates').get();
      const started = Date.now();
      const res = await purge(admin, pageId, { text: NAME, reason: REASON });
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(res.body).toMatchObject({ diskScrubPending: true });
      expect(await draftText(student.client, pageId)).not.toContain(NAME);
      reader.prepare('COMMIT').run();
    } finally {
      reader.close();
    }
    await eventually(async () => {
      expect(filesHolding(server.dataDir, NAME)).toEqual([]);
      expect(storedForPage(server.dataDir, pageId).audit.map((a) => a.action)).toContain(
        'page.purge_disk_scrubbed',
      );
      await Promise.resolve();
    }, 10_000);
  }, 30_000);
});
