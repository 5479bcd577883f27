import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@rounds/storage-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer } from '../support/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'rounds-audit-'));
const dbFile = join(dir, 'rounds.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Entries as a database from before the domain owned the hash holds them (format 1). */
function writeLegacyEntries(): void {
  const db = openDatabase(dbFile);
  let prevHash = '0'.repeat(64);
  const insert = db.prepare(
    'INSERT INTO audit_log (seq, at, actor, action, target, data, prev_hash, hash, hash_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)',
  );
  for (let seq = 1; seq <= 3; seq++) {
    // Keys deliberately not sorted: format 1 hashed them in stored order.
    const data = { seq, pageId: `page-${seq}`, action: 'legacy' };
    const at = 1_700_000_000_000 + seq;
    const hash = createHash('sha256')
      .update(JSON.stringify([seq, at, null, 'user.created', `user:${seq}`, data, prevHash]))
      .digest('hex');
    insert.run(seq, at, null, 'user.created', `user:${seq}`, JSON.stringify(data), prevHash, hash);
    prevHash = hash;
  }
  db.close();
}

function tamper(sql: string, ...params: unknown[]): void {
  const db = openDatabase(dbFile);
  db.prepare(sql).run(...params);
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

describe('audit chain verification through the audit API', () => {
  it('entries written before and after the hash moved into the domain verify; tampering with either is found', async () => {
    writeLegacyEntries();
    const server = await startServer({}, dir);
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student');
    const faculty = await createUser(admin, 'faculty');
    const pageId = await createPage(student.client, 'Audited page');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Reviewed content.');
    const rev = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {});
    const reviewed = await faculty.client.post(`/api/revisions/${rev.body.id}/reviews`, {
      decision: 'approve',
      comment: 'Good.',
    });
    expect(reviewed.status).toBe(201);
    editor.close();

    const entries = (
      await admin.get<{ entries: { seq: number; action: string; hashVersion: number }[] }>(
        '/api/audit?limit=1000',
      )
    ).body.entries;
    expect(entries.slice(0, 3).map((e) => e.hashVersion)).toEqual([1, 1, 1]);
    expect(entries.slice(3).every((e) => e.hashVersion === 2)).toBe(true);
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['review.approve', 'revision.published']));
    const checked = entries.length;
    expect((await admin.get('/api/audit/verify')).body).toEqual({ ok: true, checked });
    await server.stop();

    // A legacy entry edited in place breaks the chain at that entry.
    tamper('UPDATE audit_log SET data = ? WHERE seq = 2', JSON.stringify({ seq: 2, pageId: 'other' }));
    expect(await verify()).toMatchObject({ ok: false, checked: 1, firstBadSeq: 2 });
    tamper(
      'UPDATE audit_log SET data = ? WHERE seq = 2',
      JSON.stringify({ seq: 2, pageId: 'page-2', action: 'legacy' }),
    );
    expect(await verify()).toMatchObject({ ok: true });

    // A store that reorders keys (PostgreSQL jsonb) does not break a current-format entry...
    const approval = entries.find((e) => e.action === 'review.approve');
    const db = openDatabase(dbFile);
    const row = db
      .prepare<[number], { data: string }>('SELECT data FROM audit_log WHERE seq = ?')
      .get(approval?.seq ?? 0);
    db.close();
    const data = JSON.parse(row?.data ?? '{}') as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(data).reverse());
    expect(JSON.stringify(reversed)).not.toBe(row?.data);
    tamper('UPDATE audit_log SET data = ? WHERE seq = ?', JSON.stringify(reversed), approval?.seq);
    // Each verifying sign-in is audited too: every entry so far checks, and those.
    const after = await verify();
    expect(after).toMatchObject({ ok: true });
    expect(after.checked).toBeGreaterThan(checked);

    // ...but changing what it says does (here: who published).
    const published = entries.find((e) => e.action === 'revision.published');
    tamper('UPDATE audit_log SET actor = ? WHERE seq = ?', 'someone-else', published?.seq);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: published?.seq });
  });
});
