import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, type ApiResponse } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startChildServer, type ChildServer } from '../support/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'rounds-secrets-'));
let child: ChildServer | undefined;
afterAll(async () => {
  if (child) {
    child.process.kill('SIGTERM');
    await child.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Every session cookie value a client was ever given (they change at sign-in and password change). */
class RecordingClient extends ApiClient {
  static readonly cookies = new Set<string>();
  override async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await super.request<T>(method, path, body, headers);
    const value = this.cookie?.replace(/^rounds_session=/, '');
    if (value) RecordingClient.cookies.add(value);
    return res;
  }
}

const ADMIN = { email: 'first-admin@example.org', name: 'First Admin', password: 'first-admin-secret-1' };
const PERSON = { email: 'ward-student@example.org', name: 'Ward Student', password: 'student-secret-pass-1' };
const WRONG = 'wrong-guess-password-9';
const CHANGED = 'changed-secret-pass-2';
const RESET = 'reset-secret-pass-3';
const PHI = 'Patient John Smith, MRN 12345678, DOB 01/02/1960';
const COMMENT = 'Confidential remark zebra-quokka-17';

describe('secrets never reach the log', () => {
  it('a scripted run at the most verbose level logs no password, token, cookie, identifier or content', async () => {
    // No admin from the environment: the first admin comes through the one-time setup link.
    child = await startChildServer(dir, {
      LOG_LEVEL: 'trace',
      ROUNDS_ADMIN_EMAIL: '',
      ROUNDS_ADMIN_PASSWORD: '',
    });
    const server = child;
    let setupToken = '';
    for (let i = 0; i < 50 && !setupToken; i++) {
      setupToken = /\/setup\?token=([\w-]+)/.exec(server.output())?.[1] ?? '';
      if (!setupToken) await new Promise((r) => setTimeout(r, 100));
    }
    expect(setupToken).not.toBe('');

    const admin = new RecordingClient(server.url);
    expect((await admin.post('/api/setup', { token: setupToken, ...ADMIN })).status).toBe(201);
    // Sign-ins, right and wrong, known and unknown accounts.
    expect(
      (await new RecordingClient(server.url).post('/api/auth/login', { email: ADMIN.email, password: WRONG }))
        .status,
    ).toBe(401);
    expect(
      (
        await new RecordingClient(server.url).post('/api/auth/login', {
          email: 'nobody@example.org',
          password: WRONG,
        })
      ).status,
    ).toBe(401);
    await admin.login(ADMIN.email, ADMIN.password);

    const created = await admin.post<{ id: string }>('/api/users', { ...PERSON, role: 'student' });
    expect(created.status).toBe(201);
    const link = await admin.post<{ url: string }>(`/api/users/${created.body.id}/reset-link`);
    const resetToken = new URL(link.body.url).searchParams.get('token') ?? '';
    expect(resetToken).not.toBe('');
    const anon = new RecordingClient(server.url);
    expect((await anon.post('/api/auth/reset/check', { token: resetToken })).status).toBe(200);
    expect((await anon.post('/api/auth/reset', { token: resetToken, password: RESET })).status).toBe(204);
    // The used link again, and a made-up one.
    expect((await anon.post('/api/auth/reset', { token: resetToken, password: RESET })).status).toBe(410);
    const student = await new RecordingClient(server.url).login(PERSON.email, RESET);
    expect(
      (await student.post('/api/me/password', { currentPassword: RESET, newPassword: CHANGED })).status,
    ).toBe(204);
    expect(
      (await student.post('/api/me/password', { currentPassword: WRONG, newPassword: CHANGED })).status,
    ).toBe(401);

    // A page over WebSocket, a draft with patient identifiers submitted (refused or not), a comment.
    const page = await student.post<{ id: string }>('/api/pages', { title: 'Ward round notes' });
    expect(page.status).toBe(201);
    const editor = await Editor.open(student, server.wsUrl, page.body.id);
    await editor.append(PHI);
    const submitted = await student.post(`/api/pages/${page.body.id}/revisions`, { message: PHI });
    expect([201, 422]).toContain(submitted.status);
    const thread = await student.post(`/api/pages/${page.body.id}/threads`, {
      anchor: { start: 'AAAA', end: 'AAAB' },
      quote: PHI,
      body: COMMENT,
    });
    expect(thread.status).toBe(201);
    editor.close();
    // A cookie sent on a request that fails, and a token in a query string.
    await new ApiClient(server.url).request('GET', `/api/pages/nope?token=${resetToken}`, undefined, {
      cookie: `rounds_session=${[...RecordingClient.cookies][0] ?? ''}`,
    });
    expect((await student.post('/api/auth/logout')).status).toBe(204);
    await admin.post('/api/auth/logout');

    // Let the last lines reach the pipe.
    await new Promise((r) => setTimeout(r, 300));
    const output = server.output();
    const logLines = output.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(5);
    // The run logged at the verbose levels it asked for.
    expect(logLines.some((l) => l.includes('"level":20'))).toBe(true);

    // The setup token is printed once, for the person starting the server: never through the log.
    expect(output.split(setupToken).length - 1).toBe(1);
    const log = logLines.join('\n');
    const secrets: Record<string, string> = {
      setupToken,
      resetToken,
      adminPassword: ADMIN.password,
      personPassword: PERSON.password,
      wrongPassword: WRONG,
      changedPassword: CHANGED,
      resetPassword: RESET,
      mrn: '12345678',
      patientName: 'John Smith',
      dob: '01/02/1960',
      comment: COMMENT,
      adminEmail: ADMIN.email,
      personEmail: PERSON.email,
      unknownEmail: 'nobody@example.org',
    };
    expect(RecordingClient.cookies.size).toBeGreaterThanOrEqual(3);
    for (const [i, cookie] of [...RecordingClient.cookies].entries()) secrets[`cookie${i}`] = cookie;
    const leaked = Object.entries(secrets)
      .filter(([, value]) => log.includes(value))
      .map(([name]) => name);
    expect(leaked).toEqual([]);
  }, 60_000);
});
