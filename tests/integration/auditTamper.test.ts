import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditHash, verifyAuditChain } from '@rounds/domain';
import { openDatabase, type SqliteDatabase } from '@rounds/storage-sqlite';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { asAdmin, createUser } from '../support/api.ts';
import { startServer } from '../support/server.ts';

/**
 * Each case starts from a fresh log of a dozen real entries (sign-ins, users created), stops the
 * server, changes the database behind its back, and asks verification through the API. The
 * verifying request itself signs in (appending an entry after the damage), as an admin would.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let dbFile: string;
let dir: string;
let count: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rounds-tamper-'));
  dirs.push(dir);
  dbFile = join(dir, 'rounds.db');
  const server = await startServer({}, dir);
  const admin = await asAdmin(server.url);
  for (let i = 0; i < 4; i++) await createUser(admin, 'student');
  const verified = (await admin.get<{ ok: boolean; checked: number }>('/api/audit/verify')).body;
  expect(verified.ok).toBe(true);
  count = verified.checked;
  expect(count).toBeGreaterThanOrEqual(9);
  await server.stop();
});

function tamper(change: (db: SqliteDatabase) => void): void {
  const db = openDatabase(dbFile);
  change(db);
  db.close();
}

async function verify(): Promise<Record<string, unknown>> {
  const server = await startServer({}, dir);
  try {
    return (await (await asAdmin(server.url)).get('/api/audit/verify')).body;
  } finally {
    await server.stop();
  }
}

describe('a tampered audit log names its first bad entry', () => {
  it('an edited entry (its data)', async () => {
    tamper((db) => db.prepare(`UPDATE audit_log SET data = '{"role":"admin"}' WHERE seq = 5`).run());
    expect(await verify()).toMatchObject({ ok: false, checked: 4, firstBadSeq: 5 });
  });

  it('an edited entry whose own hash was recomputed: the next entry no longer links to it', async () => {
    tamper((db) => {
      const row = db.prepare<[], Record<string, unknown>>('SELECT * FROM audit_log WHERE seq = 3').get();
      const forged = {
        seq: 3,
        at: row?.at as number,
        actor: null,
        action: row?.action as string,
        target: row?.target as string,
        data: JSON.parse(row?.data as string) as Record<string, unknown>,
        prevHash: row?.prev_hash as string,
        hashVersion: 2 as const,
      };
      db.prepare('UPDATE audit_log SET actor = NULL, hash = ? WHERE seq = 3').run(auditHash(forged));
    });
    expect(await verify()).toMatchObject({ ok: false, checked: 3, firstBadSeq: 4 });
  });

  it('an entry deleted from the middle: the entry after the gap no longer links', async () => {
    tamper((db) => db.prepare('DELETE FROM audit_log WHERE seq = 6').run());
    expect(await verify()).toMatchObject({ ok: false, checked: 5, firstBadSeq: 7 });
  });

  it('the newest entries deleted (a cut tail): found through the stored head', async () => {
    tamper((db) => db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(count - 1));
    // Before anything is appended: the first missing seq.
    const server = await startServer({}, dir, { bootstrapAdmin: false });
    try {
      const { audit } = server.rounds.storage;
      const verification = await verifyAuditChain((after, limit) => audit.list(after, limit), {
        head: () => audit.head(),
      });
      expect(verification).toEqual({ ok: false, checked: count - 2, firstBadSeq: count - 1 });
    } finally {
      await server.stop();
    }
    // The verifying sign-in appends after the head, not after the cut: the gap stays, and the
    // first entry after it is named, as for an entry deleted from the middle.
    expect(await verify()).toMatchObject({ ok: false, checked: count - 2, firstBadSeq: count + 1 });
  });

  it('two entries swapped (their seqs exchanged)', async () => {
    tamper((db) =>
      db.transaction(() => {
        db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = 4').run();
        db.prepare('UPDATE audit_log SET seq = 4 WHERE seq = 7').run();
        db.prepare('UPDATE audit_log SET seq = 7 WHERE seq = -1').run();
      })(),
    );
    expect(await verify()).toMatchObject({ ok: false, checked: 3, firstBadSeq: 4 });
  });

  it('an untouched log verifies, every entry counted', async () => {
    const result = await verify();
    // The verifying admin's own sign-in is one more entry.
    expect(result).toEqual({ ok: true, checked: count + 1 });
  });
});
