import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { SEPSIS_BIBTEX } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/server.ts';

interface AuditEntry {
  seq: number;
  action: string;
  actor: string | null;
  target: string;
  data: Record<string, unknown>;
}
type Ref = { id: string };

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

const auditAfter = async (seq: number): Promise<AuditEntry[]> =>
  (await admin.get<{ entries: AuditEntry[] }>('/api/audit?limit=1000')).body.entries.filter(
    (e) => e.seq > seq,
  );
const lastSeq = async (): Promise<number> => Math.max(0, ...(await auditAfter(0)).map((e) => e.seq));

describe('reference library changes are audited with ids only', () => {
  it('adding, importing, setting the evidence level and deleting each write one entry; titles never', async () => {
    const editor = await createUser(admin, 'student');
    const pageId = await createPage(editor.client, 'Sepsis');
    const before = await lastSeq();

    const added = await editor.client.post<{ references: Ref[] }>(`/api/pages/${pageId}/references`, {
      csl: { type: 'article-journal', title: 'A confidential-looking title', DOI: '10.1000/audit.1' },
    });
    expect(added.status).toBe(201);
    const refId = added.body.references[0]?.id ?? '';
    const imported = await editor.client.post<{ references: Ref[] }>(`/api/pages/${pageId}/references`, {
      import: SEPSIS_BIBTEX,
    });
    expect(imported.status).toBe(201);
    // A duplicate adds nothing, so it records nothing.
    await editor.client.post(`/api/pages/${pageId}/references`, { import: SEPSIS_BIBTEX });
    const level = await editor.client.request('PATCH', `/api/pages/${pageId}/references/${refId}`, {
      evidenceLevel: 'rct',
    });
    expect(level.status).toBe(200);
    expect((await editor.client.request('DELETE', `/api/pages/${pageId}/references/${refId}`)).status).toBe(
      204,
    );
    // Refused changes write nothing.
    expect((await editor.client.request('DELETE', `/api/pages/${pageId}/references/${refId}`)).status).toBe(
      404,
    );

    const entries = (await auditAfter(before)).filter((e) => e.action.startsWith('reference.'));
    expect(entries).toEqual([
      {
        seq: expect.any(Number) as number,
        at: expect.any(String) as string,
        actor: editor.id,
        actorName: editor.name,
        action: 'reference.added',
        target: `page:${pageId}`,
        data: { refIds: [refId] },
        prevHash: expect.any(String) as string,
        hash: expect.any(String) as string,
        hashVersion: expect.any(Number) as number,
      },
      expect.objectContaining({
        actor: editor.id,
        action: 'reference.added',
        target: `page:${pageId}`,
        data: { refIds: imported.body.references.map((r) => r.id) },
      }),
      expect.objectContaining({
        actor: editor.id,
        action: 'reference.evidence_level_set',
        target: `reference:${refId}`,
        data: { pageId, evidenceLevel: 'rct' },
      }),
      expect.objectContaining({
        actor: editor.id,
        action: 'reference.deleted',
        target: `reference:${refId}`,
        data: { pageId },
      }),
    ]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('confidential');
    expect(text).not.toContain('Sepsis');
    expect(text).not.toContain('10.1000');
    // The chain still verifies with the new entries in it.
    const verify = await admin.get<{ ok: boolean }>('/api/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
  });
});
