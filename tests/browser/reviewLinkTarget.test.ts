import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, TEST_PASSWORD } from '../support/api.ts';
import { SEPSIS_BIBTEX } from '../support/fixtures.ts';
import { eventually } from '../support/collab.ts';
import { draftText, Editor } from '../support/review.ts';
import type { TestServer } from '../support/server.ts';
import {
  connectionIndicator,
  editorArea,
  signedInPage,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const OLD = 'https://www.nice.org.uk/guidance/ng51';
const NEW = 'https://sepsis-cure.example/buy-now';

describe('the review queue shows what a reviewer signs', () => {
  it('a student changes only a link target; the queue card shows the old and the new URL', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Amara Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Park');
    const pageId = await createPage(student.client, 'Sepsis');

    // A published page with a link to the NICE guideline.
    const writer = await Editor.open(student.client, server.wsUrl, pageId);
    const p = new Y.XmlElement('paragraph');
    p.setAttribute('id', 'block-link');
    const text = new Y.XmlText();
    text.insert(0, 'Follow ');
    text.insert(7, 'the NICE guideline', { link: { href: OLD } });
    text.insert(7 + 'the NICE guideline'.length, ' for every adult.', { link: null });
    p.insert(0, [text]);
    writer.collab.doc.getXmlFragment('default').insert(0, [p]);
    await eventually(async () =>
      expect(await draftText(student.client, pageId)).toContain('for every adult'),
    );
    writer.close();
    const rev = await student.client.post<{ id: string; contentHash: string }>(
      `/api/pages/${pageId}/revisions`,
      { message: 'First version' },
    );
    const approved = await faculty.client.post<{ published: boolean }>(
      `/api/revisions/${rev.body.id}/reviews`,
      {
        decision: 'approve',
        comment: 'ok',
        contentHash: rev.body.contentHash,
      },
    );
    expect(approved.body.published).toBe(true);

    // In the browser, the student points the link elsewhere (the text stays the same) and submits.
    const author = await signedInPage(browser, server.url, student.email, TEST_PASSWORD);
    await author.page.goto(`${server.url}/pages/${pageId}`);
    await connectionIndicator(author.page).getByText('Connected').waitFor({ timeout: 15_000 });
    await editorArea(author.page).getByText('the NICE guideline').click();
    author.page.once('dialog', (dialog) => void dialog.accept(NEW));
    await author.page.getByRole('button', { name: 'Link' }).click();
    await eventually(async () => {
      const json = await student.client.get<string>(`/api/pages/${pageId}/content?version=draft&format=html`);
      expect(json.body).toContain(NEW);
    });
    await author.page.getByRole('button', { name: 'Submit for review' }).click();
    await author.page.getByLabel(/What changed/).fill('Updated a link');
    await author.page.getByRole('button', { name: 'Submit', exact: true }).click();
    await author.page.getByText('Submitted as revision 2.').waitFor();

    // The reviewer's card names the change in words, with both targets as text.
    const reviewer = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);
    await reviewer.page.goto(`${server.url}/review`);
    const card = reviewer.page.getByTestId('queue-item').filter({ hasText: 'Sepsis' });
    const block = card.getByTestId('diff-block');
    await block.first().waitFor();
    await expect(block.count()).resolves.toBe(1);
    await card.getByText('1 unreviewed block').waitFor();
    const detail = card.getByTestId('diff-detail').filter({ hasText: 'Link target changed' });
    await expect(detail.textContent()).resolves.toBe(
      `Link target changed: ${OLD} → ${NEW} (on “the NICE guideline”)`,
    );
    // Inline, the linked words are followed by ⟨old → new⟩ with <del> and <ins>.
    const href = block.getByTestId('diff-href');
    await expect(href.locator('del').textContent()).resolves.toBe(OLD);
    await expect(href.locator('ins').textContent()).resolves.toBe(NEW);
    await expect(card.getByText('(formatting or structure changed)').count()).resolves.toBe(0);

    const dir = join(process.cwd(), 'test-results');
    mkdirSync(dir, { recursive: true });
    await card.screenshot({ path: join(dir, 'queue-link-target.png') });

    await author.context.close();
    await reviewer.context.close();
  });

  it('the card shows heading levels, marks, table cells, citations and the reference list', async () => {
    const admin = await asAdmin(server.url);
    const student = await createUser(admin, 'student', 'Liam Student');
    const faculty = await createUser(admin, 'faculty', 'Dr Haddad');
    const pageId = await createPage(student.client, 'Fluids');
    const [singer, rivers] = (
      await student.client.post<{ references: { id: string }[] }>(`/api/pages/${pageId}/references`, {
        import: SEPSIS_BIBTEX,
      })
    ).body.references;
    const writer = await Editor.open(student.client, server.wsUrl, pageId);
    const frag = writer.collab.doc.getXmlFragment('default');
    const el = (type: string, attrs: Record<string, unknown>, children: (Y.XmlElement | Y.XmlText)[]) => {
      const e = new Y.XmlElement(type);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
      e.insert(0, children);
      return e;
    };
    const txt = (t: string, attrs?: Record<string, unknown>) => {
      const x = new Y.XmlText();
      x.insert(0, t, attrs ?? {});
      return x;
    };
    const citation = (id: string) => el('citation', { refIds: [id] }, []);
    const heading = el('heading', { id: 'h', level: 2 }, [txt('Fluid resuscitation')]);
    const dose = txt('30 mL/kg');
    const para = el('paragraph', { id: 'p' }, [
      txt('Give '),
      txt('crystalloid', { bold: {} }),
      txt(' early.'),
    ]);
    const cited = el('paragraph', { id: 'c' }, [txt('Lactate guides therapy.'), citation(singer?.id ?? '')]);
    const cell = (id: string, type: string, child: Y.XmlText) =>
      el(type, { id: `cell-${id}`, colspan: 1, rowspan: 1 }, [el('paragraph', { id }, [child])]);
    const table = el('table', { id: 't' }, [
      el('tableRow', { id: 'r1' }, [
        cell('a1', 'tableHeader', txt('Fluid')),
        cell('a2', 'tableHeader', txt('Dose')),
      ]),
      el('tableRow', { id: 'r2' }, [
        cell('b1', 'tableCell', txt('Crystalloid')),
        cell('b2', 'tableCell', dose),
      ]),
    ]);
    frag.insert(0, [heading, para, cited, table]);
    await eventually(async () => expect(await draftText(student.client, pageId)).toContain('30 mL/kg'));
    const rev = await student.client.post<{ id: string; contentHash: string }>(
      `/api/pages/${pageId}/revisions`,
      { message: 'First version' },
    );
    expect(rev.status).toBe(201);
    await faculty.client.post(`/api/revisions/${rev.body.id}/reviews`, {
      decision: 'approve',
      comment: 'ok',
      contentHash: rev.body.contentHash,
    });

    // The student: heading level 2 → 3, bold → italic, a new dose in the table, another reference.
    heading.setAttribute('level', 3 as unknown as string);
    const para0 = para.get(1) as Y.XmlText;
    para0.format(0, 'crystalloid'.length, { bold: null, italic: {} });
    writer.collab.doc.transact(() => {
      dose.delete(0, dose.length);
      dose.insert(0, '20 mL/kg');
    });
    cited.delete(1, 1);
    cited.insert(1, [citation(rivers?.id ?? '')]);
    await eventually(async () => expect(await draftText(student.client, pageId)).toContain('20 mL/kg'));
    writer.close();
    const second = await student.client.post(`/api/pages/${pageId}/revisions`, {
      message: 'Dose and evidence',
    });
    expect(second.status).toBe(201);

    const reviewer = await signedInPage(browser, server.url, faculty.email, TEST_PASSWORD);
    await reviewer.page.goto(`${server.url}/review`);
    const card = reviewer.page.getByTestId('queue-item').filter({ hasText: 'Fluids' });
    await card.getByTestId('diff-block').first().waitFor();
    const details = await card.getByTestId('diff-detail').allTextContents();
    expect(details).toEqual(
      expect.arrayContaining([
        'Heading level 2 → 3',
        'Made italic: “crystalloid”',
        'No longer bold: “crystalloid”',
        expect.stringMatching(/^Citation added: \[1\] Rivers E, Nguyen B\./),
        expect.stringMatching(/^Citation removed: \[1\] Singer M/),
      ]),
    );
    await card.getByText('Paragraph in table 1, row 2, column 2').waitFor();
    const refs = card.getByTestId('reference-changes');
    await refs.getByText(/^\[1\] Rivers E, Nguyen B\./).waitFor();
    await refs
      .locator('del')
      .getByText(/^\[1\] Singer M/)
      .waitFor();
    await card.screenshot({ path: join(process.cwd(), 'test-results', 'queue-rich-diff.png') });
    await reviewer.context.close();
  });
});
