import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
type Person = Awaited<ReturnType<typeof createUser>>;
let student: Person;
let faculty: Person;
let learner: Person;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
  [student, faculty, learner] = await Promise.all([
    createUser(admin, 'student', 'Amara Student'),
    createUser(admin, 'faculty', 'Dr Park'),
    createUser(admin, 'learner'),
  ]);
});
afterAll(async () => {
  await server.stop();
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Anchors a range inside the first paragraph's text, as the editor does with relative positions. */
function anchorIn(editor: Editor, from: number, to: number) {
  const text = (editor.collab.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  return {
    start: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from))),
    end: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, to))),
  };
}

describe('comment threads', () => {
  it('anchors a thread to text that survives edits; reply, resolve and reopen', async () => {
    const pageId = await createPage(student.client, 'Hyperkalaemia');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Give calcium gluconate to stabilise the myocardium.');
    const anchor = anchorIn(editor, 5, 23);
    const created = await faculty.client.post<{ id: string; status: string; comments: { body: string }[] }>(
      `/api/pages/${pageId}/threads`,
      { anchor, quote: 'calcium gluconate', body: 'Which dose and over how long?' },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'open',
      comments: [{ body: 'Which dose and over how long?' }],
    });
    const threadId = created.body.id;

    // Text inserted before the anchor moves it; the stored relative position still finds the words.
    const text = (editor.collab.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, 'Urgently: ');
    const list = await student.client.get<{
      threads: { anchor: { start: string } }[];
      people: Record<string, string>;
    }>(`/api/pages/${pageId}/threads`);
    const start = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(Buffer.from(list.body.threads[0]?.anchor.start ?? '', 'base64')),
      editor.collab.doc,
    );
    const current: string = text.toJSON();
    expect(current.slice(start?.index ?? 0).startsWith('calcium gluconate')).toBe(true);
    expect(Object.values(list.body.people)).toContain('Dr Park');

    expect(
      (
        await student.client.post(`/api/threads/${threadId}/comments`, {
          body: '10 mL of 10 % over 10 minutes.',
        })
      ).status,
    ).toBe(201);
    const resolved = await faculty.client.post<{ status: string; resolvedBy: string }>(
      `/api/threads/${threadId}/resolve`,
    );
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: faculty.id });
    expect((await faculty.client.post(`/api/threads/${threadId}/resolve`)).status).toBe(409);
    expect(
      (await student.client.post<{ status: string }>(`/api/threads/${threadId}/reopen`)).body.status,
    ).toBe('open');
    editor.close();
  });

  it('keeps comments from learners and refuses bad input', async () => {
    const pageId = await createPage(student.client, 'Comments page');
    const anchor = { start: 'AAAA', end: 'AAAB' };
    // Unpublished, so invisible to learners: 404, exactly as for a page that does not exist.
    expect((await learner.client.get(`/api/pages/${pageId}/threads`)).status).toBe(404);
    expect(
      (await learner.client.post(`/api/pages/${pageId}/threads`, { anchor, quote: 'x', body: 'hi' })).status,
    ).toBe(404);
    expect(
      (
        await student.client.post(`/api/pages/${pageId}/threads`, {
          anchor,
          quote: 'x',
          body: 'y'.repeat(5001),
        })
      ).status,
    ).toBe(413);
    expect(
      (await student.client.post(`/api/pages/${pageId}/threads`, { anchor, quote: 'x', body: '   ' })).status,
    ).toBe(400);
    expect(
      (await student.client.post(`/api/pages/${pageId}/threads`, { quote: 'x', body: 'hi' })).status,
    ).toBe(400);
    expect((await student.client.post('/api/threads/nope/comments', { body: 'hi' })).status).toBe(404);
    const ok = await student.client.post<{ id: string }>(`/api/pages/${pageId}/threads`, {
      anchor,
      quote: 'x',
      body: 'hi',
    });
    expect((await learner.client.post(`/api/threads/${ok.body.id}/comments`, { body: 'hi' })).status).toBe(
      403,
    );
  });
});

describe('notifications', () => {
  it('tells faculty what awaits review and authors what happened to their work', async () => {
    const pageId = await createPage(student.client, 'Notified page');
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    await editor.append('Content to review.');
    const rev = await student.client.post<{ id: string }>(`/api/pages/${pageId}/revisions`, {
      message: 'please',
    });
    type N = { notifications: { kind: string; pageId: string; revisionId?: string }[] };
    const facultyList = await faculty.client.get<N>('/api/notifications');
    expect(facultyList.body.notifications).toContainEqual(
      expect.objectContaining({ kind: 'review_requested', pageId, revisionId: rev.body.id }),
    );
    await faculty.client.post(`/api/revisions/${rev.body.id}/reviews`, {
      decision: 'request_changes',
      comment: 'Add a source.',
    });
    expect(
      (await faculty.client.get<N>('/api/notifications')).body.notifications.filter(
        (n) => n.pageId === pageId,
      ),
    ).toEqual([]);
    const studentList = await student.client.get<N>('/api/notifications');
    expect(studentList.body.notifications).toContainEqual(
      expect.objectContaining({ kind: 'changes_requested', pageId }),
    );
    expect((await learner.client.get<N>('/api/notifications')).body.notifications).toEqual([]);
    editor.close();
  });
});
