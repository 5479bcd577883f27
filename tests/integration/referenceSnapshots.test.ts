import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { SEPSIS_BIBTEX } from '../support/fixtures.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let student: ApiClient;
let faculty: ApiClient;
let learner: ApiClient;

beforeAll(async () => {
  server = await startServer();
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
  learner = (await createUser(admin, 'learner')).client;
});
afterAll(async () => {
  await server.stop();
});

type Ref = { id: string; formatted: string; citedAs: number | null; evidenceLevel: string | null };

/** A page citing Singer (first BibTeX entry) in its only paragraph, with Rivers in the library, uncited. */
async function citingPage(): Promise<{ pageId: string; editor: Editor; singer: Ref; rivers: Ref }> {
  const pageId = await createPage(student, `Snapshot ${Math.random().toString(36).slice(2, 8)}`);
  const [singer, rivers] = (
    await student.post<{ references: Ref[] }>(`/api/pages/${pageId}/references`, { import: SEPSIS_BIBTEX })
  ).body.references;
  if (!singer || !rivers) throw new Error('import failed');
  const editor = await Editor.open(student, server.wsUrl, pageId);
  await editor.append('Sepsis is life-threatening organ dysfunction.');
  setCitation(editor, singer.id);
  await eventually(async () => expect(await draftHtml(pageId)).toContain('[1]</sup>'));
  return { pageId, editor, singer, rivers };
}

/** Cites `refId` at the end of the first paragraph (replacing its citation, if any); null removes it. */
function setCitation(editor: Editor, refId: string | null): void {
  const p = editor.collab.doc.getXmlFragment('default').get(0) as Y.XmlElement;
  const last = p.get(p.length - 1);
  if (last instanceof Y.XmlElement && last.nodeName === 'citation') p.delete(p.length - 1, 1);
  if (refId === null) return;
  const node = new Y.XmlElement('citation');
  node.setAttribute('refIds', [refId] as unknown as string);
  p.insert(p.length, [node]);
}

const draftHtml = async (pageId: string) =>
  (await student.get<string>(`/api/pages/${pageId}/content?version=draft&format=html`)).body;
const publishedHtml = async (pageId: string) =>
  (await learner.get<string>(`/api/pages/${pageId}/content?version=published&format=html`)).body;
const learnerRefs = async (pageId: string) =>
  (await learner.get<{ references: Ref[] }>(`/api/pages/${pageId}/references`)).body.references;

async function submit(pageId: string): Promise<{ id: string; seq: number; contentHash: string }> {
  const rev = await student.post<{ id: string; seq: number; contentHash: string }>(
    `/api/pages/${pageId}/revisions`,
    { message: 'v' },
  );
  expect(rev.status).toBe(201);
  return rev.body;
}

async function publish(pageId: string): Promise<{ id: string; seq: number }> {
  const rev = await submit(pageId);
  const review = await faculty.post<{ published: boolean }>(`/api/revisions/${rev.id}/reviews`, {
    decision: 'approve',
    comment: 'ok',
    contentHash: rev.contentHash,
  });
  expect(review.body.published).toBe(true);
  return rev;
}

describe('references snapshotted with each revision', () => {
  it('deleting a reference the published revision cites is refused with 409 naming the revision', async () => {
    const { pageId, editor, singer } = await citingPage();
    const published = await publish(pageId);
    // The student removes the citation from the draft only, then tries to delete the reference.
    setCitation(editor, null);
    await eventually(async () => expect(await draftHtml(pageId)).not.toContain('[1]</sup>'));
    const del = await student.request<{
      error: string;
      message: string;
      details: { revisions: { id: string; seq: number; state: string; published: boolean }[] };
    }>('DELETE', `/api/pages/${pageId}/references/${singer.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error).toBe('conflict');
    expect(del.body.message).toContain('revision 1 (published)');
    expect(del.body.details.revisions).toEqual([
      { id: published.id, seq: 1, state: 'approved', published: true },
    ]);
    // Learners still read the reference.
    expect(await publishedHtml(pageId)).toContain('<li id="ref-1">Singer M');
    expect((await learnerRefs(pageId)).map((r) => [r.id, r.citedAs])).toEqual([[singer.id, 1]]);
    editor.close();
  });

  it('deleting a reference a pending revision cites is refused with 409 naming it', async () => {
    const { pageId, editor, singer } = await citingPage();
    const pending = await submit(pageId);
    setCitation(editor, null);
    await eventually(async () => expect(await draftHtml(pageId)).not.toContain('[1]</sup>'));
    const del = await student.request<{ details: { revisions: unknown[] } }>(
      'DELETE',
      `/api/pages/${pageId}/references/${singer.id}`,
    );
    expect(del.status).toBe(409);
    expect(del.body.details.revisions).toEqual([
      { id: pending.id, seq: 1, state: 'pending', published: false },
    ]);
    editor.close();
  });

  it('an edit of the library never reaches the published page; learners see the snapshot', async () => {
    const { pageId, editor, singer, rivers } = await citingPage();
    await publish(pageId);
    // Evidence level edited in the library; a reference added; the citation moved to Rivers.
    expect(
      (
        await student.request('PATCH', `/api/pages/${pageId}/references/${singer.id}`, {
          evidenceLevel: 'rct',
        })
      ).status,
    ).toBe(200);
    setCitation(editor, rivers.id);
    await eventually(async () => expect(await draftHtml(pageId)).toContain('<li id="ref-1">Rivers E'));

    const html = await publishedHtml(pageId);
    expect(html).toContain('<li id="ref-1">Singer M');
    expect(html).not.toContain('Rivers');
    const refs = await learnerRefs(pageId);
    expect(refs).toEqual([expect.objectContaining({ id: singer.id, citedAs: 1, evidenceLevel: null })]);
    // Editors still see the whole library with the draft's numbers.
    const library = (await student.get<{ references: Ref[] }>(`/api/pages/${pageId}/references`)).body
      .references;
    expect(library.map((r) => [r.id, r.citedAs, r.evidenceLevel])).toEqual([
      [singer.id, null, 'rct'],
      [rivers.id, 1, null],
    ]);
    editor.close();
  });

  it('a reference only an earlier, superseded revision cited can go; that revision keeps showing it', async () => {
    const { pageId, editor, singer, rivers } = await citingPage();
    const first = await publish(pageId);
    setCitation(editor, rivers.id);
    await eventually(async () => expect(await draftHtml(pageId)).toContain('<li id="ref-1">Rivers E'));
    await publish(pageId);
    expect((await student.request('DELETE', `/api/pages/${pageId}/references/${singer.id}`)).status).toBe(
      204,
    );
    const old = await faculty.get<string>(`/api/pages/${pageId}/content?version=${first.id}&format=html`);
    expect(old.body).toContain('<li id="ref-1">Singer M');
    expect(old.body).not.toContain('[?]');
    expect(await publishedHtml(pageId)).toContain('<li id="ref-1">Rivers E');
    editor.close();
  });
});
