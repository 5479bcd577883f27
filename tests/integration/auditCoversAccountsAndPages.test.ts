import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

interface Entry {
  actor: string | null;
  action: string;
  target: string;
  data: Record<string, unknown>;
}

let server: TestServer;
let admin: ApiClient;
let adminId: string;
beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  adminId = (await admin.get<{ id: string }>('/api/me')).body.id;
});
afterAll(() => server.stop());

const about = async (target: string): Promise<Entry[]> =>
  (await admin.get<{ entries: Entry[] }>(`/api/audit?target=${encodeURIComponent(target)}`)).body.entries;
const pick = (entries: Entry[]) => entries.map((e) => ({ actor: e.actor, action: e.action, data: e.data }));

describe('the audit trail covers account and page life-cycle changes', () => {
  it('password change, reset link, reset, role change, disabling and enabling each leave one entry', async () => {
    const person = await createUser(admin, 'student');
    const target = `user:${person.id}`;
    expect(
      (
        await person.client.post('/api/me/password', {
          currentPassword: TEST_PASSWORD,
          newPassword: 'a-changed-password-1',
        })
      ).status,
    ).toBe(204);
    const link = await admin.post<{ url: string }>(`/api/users/${person.id}/reset-link`);
    const token = new URL(link.body.url).searchParams.get('token') ?? '';
    expect(
      (await new ApiClient(server.url).post('/api/auth/reset', { token, password: 'a-reset-password-1' }))
        .status,
    ).toBe(204);
    expect((await admin.request('PATCH', `/api/users/${person.id}`, { role: 'faculty' })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/users/${person.id}`, { disabled: true })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/users/${person.id}`, { disabled: false })).status).toBe(200);

    const entries = (await about(target)).filter((e) => !e.action.startsWith('auth.'));
    expect(pick(entries)).toEqual([
      { actor: adminId, action: 'user.created', data: { role: 'student' } },
      { actor: person.id, action: 'user.password_changed', data: {} },
      { actor: adminId, action: 'user.reset_link_issued', data: { expiresAt: expect.any(Number) as number } },
      { actor: person.id, action: 'user.password_reset', data: {} },
      { actor: adminId, action: 'user.updated', data: { role: 'faculty' } },
      { actor: adminId, action: 'user.updated', data: { disabled: true } },
      { actor: adminId, action: 'user.updated', data: { disabled: false } },
    ]);
    const text = JSON.stringify(await about(target));
    for (const secret of [token, TEST_PASSWORD, 'a-changed-password-1', 'a-reset-password-1', person.email]) {
      expect(text).not.toContain(secret);
    }
  });

  it('archiving, unarchiving and restoring a revision each leave one entry', async () => {
    const student = await createUser(admin, 'student');
    const faculty = await createUser(admin, 'faculty');
    const pageId = await createPage(student.client, 'Audited life cycle');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Give antibiotics within one hour.');
    const rev = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
      message: 'v1',
    });
    editor.close();
    expect((await student.client.post(`/api/revisions/${rev.body.id}/restore`)).status).toBe(200);
    expect((await faculty.client.post(`/api/pages/${pageId}/archive`)).status).toBe(200);
    expect((await admin.post(`/api/pages/${pageId}/unarchive`)).status).toBe(200);

    const actions = (await admin.get<{ entries: Entry[] }>(`/api/audit?action=page.`)).body.entries
      .filter((e) => e.target === `page:${pageId}`)
      .map((e) => [e.action, e.actor]);
    expect(actions).toEqual([
      ['page.archived', faculty.id],
      ['page.unarchived', adminId],
    ]);
    const restored = (await about(`revision:${rev.body.id}`)).map((e) => [e.action, e.actor]);
    expect(restored).toEqual([
      ['revision.submitted', student.id],
      ['revision.restored', student.id],
    ]);
  });
});
