import { CollabCloseCode } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, TEST_PASSWORD, type ApiClient } from '../support/api.ts';
import { connectCollab, nextClose, upgradeStatus, waitSynced, withTimeout } from '../support/collab.ts';
import { acknowledgeCurrent, publishGuidelines } from '../support/professionalism.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let pageId: string;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  pageId = await createPage(admin, 'Heart failure');
});
afterAll(async () => {
  await server.stop();
});

const cookie = (c: ApiClient) => ({ cookie: c.cookie ?? '' });

describe('enforced guidelines refuse writes and editing sockets until acknowledged', () => {
  it('refuses a write and the collab upgrade with 403; reading stays allowed; acknowledging lets them through', async () => {
    const { client: student } = await createUser(admin, 'student');
    await publishGuidelines(admin, '# Conduct\n\nBe professional.', true);

    const write = await student.post('/api/pages', { title: 'Sepsis' });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ error: 'guidelines_not_acknowledged' });
    expect((await student.get('/api/pages')).status).toBe(200);
    expect((await student.get(`/api/pages/${pageId}`)).status).toBe(200);
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, cookie(student))).toBe(403);

    await acknowledgeCurrent(student);
    expect((await student.post('/api/pages', { title: 'Sepsis' })).status).toBe(201);
    expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, cookie(student))).toBe(101);
  });

  it('lets someone who has not acknowledged sign out, sign in and change their password', async () => {
    const { client: student, email } = await createUser(admin, 'student');
    await publishGuidelines(admin, '# Conduct\n\nVersion for the exemptions.', true);
    const changed = await student.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'another-horse-2',
    });
    expect(changed.status).toBe(204);
    expect((await student.post('/api/auth/logout')).status).toBe(204);
    await student.login(email, 'another-horse-2');
    expect((await student.get('/api/me')).status).toBe(200);
  });

  it('publishing a new enforced version closes open editors who have not acknowledged it with 4403', async () => {
    const { client: student } = await createUser(admin, 'student');
    const { client: faculty } = await createUser(admin, 'faculty');
    await acknowledgeCurrent(student);
    await acknowledgeCurrent(faculty);
    const studentTab = connectCollab(server.wsUrl, pageId, student.cookie);
    const facultyTab = connectCollab(server.wsUrl, pageId, faculty.cookie);
    try {
      await Promise.all([waitSynced(studentTab), waitSynced(facultyTab)]);
      const closed = nextClose(studentTab);
      const v = await publishGuidelines(admin, '# Conduct\n\nA newer version.', true);
      // The faculty member acknowledges at once; the student does not.
      await faculty.post('/api/me/acknowledge', { version: v.version });
      expect(await withTimeout(closed, 2_000, 'the student socket to close')).toBe(CollabCloseCode.Forbidden);
      expect(await upgradeStatus(server.wsUrl, `/collab/${pageId}`, cookie(student))).toBe(403);
    } finally {
      studentTab.destroy();
      facultyTab.destroy();
    }
  });

  it('turning enforcement off lets everyone write again', async () => {
    const { client: student } = await createUser(admin, 'student');
    await publishGuidelines(admin, '# Conduct\n\nStill enforced.', true);
    expect((await student.post('/api/pages', { title: 'Gout' })).status).toBe(403);
    await publishGuidelines(admin, '# Conduct\n\nNot enforced.', false);
    expect((await student.post('/api/pages', { title: 'Gout' })).status).toBe(201);
  });
});
