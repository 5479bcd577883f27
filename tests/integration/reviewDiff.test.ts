import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { SEPSIS_BIBTEX } from '../support/fixtures.ts';
import { draftText, Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let student: ApiClient;
let faculty: ApiClient;

beforeAll(async () => {
  server = await startServer();
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
  faculty = (await createUser(admin, 'faculty')).client;
});
afterAll(async () => {
  await server.stop();
});

interface Diff {
  changes: {
    type: string;
    blockId: string;
    before: string | null;
    after: string | null;
    blockType: string;
    marksChanged: boolean;
    details: { kind: string; message: string; before?: string; after?: string }[];
    inline: { op: string; text: string; marks: { type: string; href?: string }[] }[] | null;
  }[];
  references: {
    added: { id: string; number: number; formatted: string }[];
    removed: { id: string; number: number; formatted: string }[];
    changed: unknown[];
  };
}

/** A paragraph whose text links to `href`, as the editor stores a link mark in Yjs. */
function appendLinked(editor: Editor, before: string, linked: string, href: string): Y.XmlText {
  const p = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  text.insert(0, before);
  text.insert(before.length, linked, { link: { href } });
  p.insert(0, [text]);
  const frag = editor.collab.doc.getXmlFragment('default');
  frag.insert(frag.length, [p]);
  return text;
}

async function publish(pageId: string): Promise<string> {
  const rev = await student.post<{ id: string; contentHash: string }>(`/api/pages/${pageId}/revisions`, {
    message: 'v',
  });
  expect(rev.status).toBe(201);
  const review = await faculty.post<{ published: boolean }>(`/api/revisions/${rev.body.id}/reviews`, {
    decision: 'approve',
    comment: 'ok',
    contentHash: rev.body.contentHash,
  });
  expect(review.body.published).toBe(true);
  return rev.body.id;
}

describe('the review diff', () => {
  it('shows a link whose target alone changed, with old and new targets', async () => {
    const pageId = await createPage(student, 'Link target page');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    const text = appendLinked(
      editor,
      'Follow ',
      'the NICE guideline',
      'https://www.nice.org.uk/guidance/ng51',
    );
    await eventually(async () => expect(await draftText(student, pageId)).toContain('the NICE guideline'));
    await publish(pageId);

    text.format('Follow '.length, 'the NICE guideline'.length, {
      link: { href: 'https://evil.example/ng51' },
    });
    await eventually(async () => {
      const diff = await faculty.get<Diff>(`/api/pages/${pageId}/diff?from=published&to=draft`);
      expect(diff.body.changes).toHaveLength(1);
    });
    const rev = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'new link' });
    const { body } = await faculty.get<Diff>(`/api/pages/${pageId}/diff?from=published&to=${rev.body.id}`);
    const [change] = body.changes;
    // The contract's fields keep their meaning: the text is the same.
    expect(change).toMatchObject({
      type: 'changed',
      before: 'Follow the NICE guideline',
      after: 'Follow the NICE guideline',
      blockType: 'paragraph',
      marksChanged: true,
    });
    expect(change?.details).toContainEqual(
      expect.objectContaining({
        kind: 'link',
        before: 'https://www.nice.org.uk/guidance/ng51',
        after: 'https://evil.example/ng51',
        message: expect.stringContaining(
          'Link target changed: https://www.nice.org.uk/guidance/ng51 → https://evil.example/ng51',
        ) as string,
      }),
    );
    expect(change?.inline).toContainEqual(
      expect.objectContaining({
        op: 'format',
        text: 'the NICE guideline',
        marks: [{ type: 'link', href: 'https://evil.example/ng51' }],
      }),
    );
    editor.close();
  });

  it('lists reference-list changes and citation markers with their Vancouver text', async () => {
    const pageId = await createPage(student, 'Reference diff page');
    const refs = (
      await student.post<{ references: { id: string; formatted: string }[] }>(
        `/api/pages/${pageId}/references`,
        {
          import: SEPSIS_BIBTEX,
        },
      )
    ).body.references;
    const [singer, rivers] = refs;
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Sepsis is organ dysfunction.');
    const p = editor.collab.doc.getXmlFragment('default').get(0) as Y.XmlElement;
    const cite = (id: string) => {
      const node = new Y.XmlElement('citation');
      node.setAttribute('refIds', [id] as unknown as string);
      p.insert(p.length, [node]);
    };
    cite(singer?.id ?? '');
    await eventually(async () => {
      const html = (await student.get<string>(`/api/pages/${pageId}/content?version=draft&format=html`)).body;
      expect(html).toContain('[1]</sup>');
    });
    await publish(pageId);

    // Replace the citation of Singer by one of Rivers.
    p.delete(p.length - 1, 1);
    cite(rivers?.id ?? '');
    await eventually(async () => {
      const { body } = await faculty.get<Diff>(`/api/pages/${pageId}/diff?from=published&to=draft`);
      expect(body.references.added.map((r) => r.id)).toEqual([rivers?.id]);
    });
    const { body } = await faculty.get<Diff>(`/api/pages/${pageId}/diff?from=published&to=draft`);
    expect(body.references.removed).toEqual([
      expect.objectContaining({ id: singer?.id, number: 1, formatted: singer?.formatted }),
    ]);
    expect(body.references.added).toEqual([
      expect.objectContaining({ id: rivers?.id, number: 1, formatted: rivers?.formatted }),
    ]);
    const messages = body.changes.flatMap((c) => c.details.map((d) => d.message));
    // The short Vancouver text (long ones are cut at 120 characters; the segments carry it whole).
    expect(messages).toContainEqual(
      expect.stringMatching(/^Citation added: \[1\] Rivers E, Nguyen B\. Early/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/^Citation removed: \[1\] Singer M, Deutschman CS/),
    );
    editor.close();
  });

  it('an empty new page has no unreviewed block and an empty diff', async () => {
    const pageId = await createPage(student, 'Empty page');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    // What the browser's editor writes for a new page: one empty paragraph.
    const frag = editor.collab.doc.getXmlFragment('default');
    const p = new Y.XmlElement('paragraph');
    p.setAttribute('id', 'empty-1');
    frag.insert(0, [p]);
    await eventually(async () => {
      const json = await student.get<{ doc: { content?: unknown[] } }>(
        `/api/pages/${pageId}/content?version=draft&format=json`,
      );
      expect(json.body.doc.content).toHaveLength(1);
    });
    const page = await student.get<{ unreviewedBlocks: number }>(`/api/pages/${pageId}`);
    expect(page.body.unreviewedBlocks).toBe(0);
    const diff = await student.get<Diff>(`/api/pages/${pageId}/diff?from=published&to=draft`);
    expect(diff.body.changes).toEqual([]);

    // The trailing empty paragraph never shows in a diff of real content.
    await editor.append('Now some text.');
    await eventually(async () => {
      const d = await student.get<Diff>(`/api/pages/${pageId}/diff?from=published&to=draft`);
      expect(d.body.changes.map((c) => c.after)).toEqual(['Now some text.']);
    });
    editor.close();
  });
});
