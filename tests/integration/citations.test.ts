import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { SEPSIS_BIBTEX as BIBTEX } from '../support/fixtures.ts';
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

type Ref = { id: string; formatted: string; citedAs: number | null; csl: Record<string, unknown> };

const RIS = `TY  - JOUR
AU  - Evans, Laura
AU  - Rhodes, Andrew
TI  - Surviving sepsis campaign: international guidelines 2021
JO  - Intensive Care Med
PY  - 2021
VL  - 47
IS  - 11
SP  - 1181
EP  - 1247
DO  - 10.1007/s00134-021-06506-y
ER  - `;

const MEDLINE = `PMID- 26903338
TI  - The Third International Consensus Definitions for Sepsis and Septic Shock
      (Sepsis-3).
AU  - Singer M
AU  - Deutschman CS
TA  - JAMA
DP  - 2016 Feb 23
VI  - 315
IP  - 8
PG  - 801-10
AID - 10.1001/jama.2016.0287 [doi]

PMID- 11794169
TI  - Early goal-directed therapy in the treatment of severe sepsis and septic shock.
AU  - Rivers E
TA  - N Engl J Med
DP  - 2001 Nov 8
VI  - 345
IP  - 19
PG  - 1368-77`;

async function refs(pageId: string): Promise<Ref[]> {
  return (await student.get<{ references: Ref[] }>(`/api/pages/${pageId}/references`)).body.references;
}

/** Inserts a citation node into the n-th paragraph, as the editor's citation node is stored in Yjs. */
function cite(editor: Editor, paragraph: number, refIds: string[]): void {
  const p = editor.collab.doc.getXmlFragment('default').get(paragraph) as Y.XmlElement;
  const node = new Y.XmlElement('citation');
  node.setAttribute('refIds', refIds as unknown as string);
  p.insert(p.length, [node]);
}

describe('references', () => {
  it('adds a CSL item and formats it in Vancouver style with six authors then et al.', async () => {
    const pageId = await createPage(student, 'Sepsis');
    const res = await student.post<{ references: Ref[] }>(`/api/pages/${pageId}/references`, {
      csl: {
        type: 'article-journal',
        title: 'Early antibiotics in sepsis',
        author: [
          ['Smith', 'John A'],
          ['Doe', 'Jane'],
          ['Roe', 'Richard'],
          ['Poe', 'Peter'],
          ['Loe', 'Lara'],
          ['Moe', 'Mia'],
          ['Zoe', 'Zak'],
        ].map(([family, given]) => ({ family, given })),
        'container-title': 'N Engl J Med',
        issued: { 'date-parts': [[2020]] },
        volume: '382',
        issue: '3',
        page: '210-219',
        DOI: '10.1056/NEJMoa1234567',
        PMID: '31234567',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.references[0]?.formatted).toBe(
      'Smith JA, Doe J, Roe R, Poe P, Loe L, Moe M, et al. Early antibiotics in sepsis. N Engl J Med. 2020;382(3):210–9. doi:10.1056/NEJMoa1234567 PMID: 31234567.',
    );
  });

  it('imports BibTeX, RIS and MEDLINE, several entries at once, de-duplicated by DOI and PMID', async () => {
    const pageId = await createPage(student, 'Septic shock');
    const bib = await student.post<{ references: Ref[] }>(`/api/pages/${pageId}/references`, {
      import: BIBTEX,
    });
    expect(bib.status).toBe(201);
    expect(bib.body.references.map((r) => r.formatted)).toEqual([
      expect.stringMatching(
        /^Singer M, Deutschman CS, Seymour CW, Shankar-Hari M, Annane D, Bauer M, et al\. The Third International Consensus Definitions for Sepsis and Septic Shock \(Sepsis-3\)\. JAMA\. 2016;315\(8\):801–10\./,
      ),
      expect.stringMatching(/^Rivers E, Nguyen B\. Early goal-directed therapy/),
    ]);
    const ris = await student.post<{ references: Ref[] }>(`/api/pages/${pageId}/references`, { import: RIS });
    expect(ris.body.references[0]?.formatted).toMatch(/^Evans L, Rhodes A\. Surviving sepsis campaign/);
    const medline = await student.post<{ references: Ref[] }>(`/api/pages/${pageId}/references`, {
      import: MEDLINE,
    });
    expect(medline.status).toBe(201);
    // Singer matches by DOI; Rivers (PMID only, no DOI in this record) is new.
    expect(medline.body.references[0]?.id).toBe(bib.body.references[0]?.id);
    expect(await refs(pageId)).toHaveLength(4);
    await student.post(`/api/pages/${pageId}/references`, { import: BIBTEX });
    expect(await refs(pageId)).toHaveLength(4);
  });

  it('refuses malformed imports naming what could not be read, importing nothing', async () => {
    const pageId = await createPage(student, 'Malformed');
    const broken = `${BIBTEX}\n@article{broken2020, author = {A, B}, journal = {X}, year = {2020}}`;
    const res = await student.post<{ message: string }>(`/api/pages/${pageId}/references`, {
      import: broken,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('BibTeX entry 3 (broken2020)');
    expect(await refs(pageId)).toHaveLength(0);
    const junk = await student.post<{ message: string }>(`/api/pages/${pageId}/references`, {
      import: 'just some words',
    });
    expect(junk.status).toBe(400);
    expect(junk.body.message).toMatch(/not BibTeX, RIS or PubMed MEDLINE/);
    const noTitle = await student.post(`/api/pages/${pageId}/references`, {
      csl: { author: [{ family: 'X' }] },
    });
    expect(noTitle.status).toBe(400);
    const wrongType = await student.post(`/api/pages/${pageId}/references`, {
      csl: { title: 'T', volume: { a: 1 } },
    });
    expect(wrongType.status).toBe(400);
    // A learner cannot tell this unpublished page from a missing one.
    expect((await learner.post(`/api/pages/${pageId}/references`, { import: BIBTEX })).status).toBe(404);
  });
});

describe('citations in the document', () => {
  it('numbers citations by first use, renders the reference list, guards deletion, blocks unknown citations', async () => {
    const pageId = await createPage(student, 'Cited page');
    const [singer, rivers] = (
      await student.post<{ references: Ref[] }>(`/api/pages/${pageId}/references`, { import: BIBTEX })
    ).body.references;
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Sepsis is organ dysfunction caused by infection.');
    await editor.append('Early therapy lowered mortality by 16%.');
    cite(editor, 1, [rivers?.id ?? '']);
    cite(editor, 0, [singer?.id ?? '', rivers?.id ?? '']);
    await eventually(async () => {
      const list = await refs(pageId);
      // Numbered by position in the document, not by when the citation was inserted.
      expect(list.find((r) => r.id === singer?.id)?.citedAs).toBe(1);
      expect(list.find((r) => r.id === rivers?.id)?.citedAs).toBe(2);
    });
    const html = (await student.get<string>(`/api/pages/${pageId}/content?version=draft&format=html`)).body;
    expect(html).toContain('[1,2]</sup>');
    expect(html).toContain('[2]</sup>');
    expect(html).toMatch(
      /<section class="references"><h2>References<\/h2><ol><li id="ref-1">Singer M, .*<li id="ref-2">Rivers E, Nguyen B\./,
    );
    expect((await student.get<{ uncitedClaims: number }>(`/api/pages/${pageId}`)).body.uncitedClaims).toBe(0);

    const del = await student.request<{ places: { blockId: string }[] }>(
      'DELETE',
      `/api/pages/${pageId}/references/${rivers?.id}`,
    );
    expect(del.status).toBe(409);
    expect(del.body.places).toHaveLength(2);

    cite(editor, 1, ['no-such-reference']);
    await eventually(async () => {
      const h = (await student.get<string>(`/api/pages/${pageId}/content?version=draft&format=html`)).body;
      expect(h).toContain('[?]</sup>');
    });
    const blocked = await student.post<{ error: string; message: string }>(`/api/pages/${pageId}/revisions`, {
      message: 'v1',
    });
    expect(blocked.status).toBe(422);
    expect(blocked.body).toMatchObject({ error: 'unknown_reference' });
    editor.close();
  });

  it('counts uncited clinical claims and keeps an uncited reference in the library, unnumbered', async () => {
    const pageId = await createPage(student, 'Claims page');
    const [singer] = (
      await student.post<{ references: Ref[] }>(`/api/pages/${pageId}/references`, { import: BIBTEX })
    ).body.references;
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Give adrenaline 0.5 mg intramuscularly.');
    await editor.append('Anaphylaxis is a severe allergic reaction.');
    await eventually(async () => {
      expect((await student.get<{ uncitedClaims: number }>(`/api/pages/${pageId}`)).body.uncitedClaims).toBe(
        1,
      );
    });
    cite(editor, 0, [singer?.id ?? '']);
    await eventually(async () => {
      expect((await student.get<{ uncitedClaims: number }>(`/api/pages/${pageId}`)).body.uncitedClaims).toBe(
        0,
      );
    });
    const p0 = editor.collab.doc.getXmlFragment('default').get(0) as Y.XmlElement;
    p0.delete(p0.length - 1, 1);
    await eventually(async () => {
      const list = await refs(pageId);
      expect(list.map((r) => r.citedAs)).toEqual([null, null]);
    });
    expect((await student.request('DELETE', `/api/pages/${pageId}/references/${singer?.id}`)).status).toBe(
      204,
    );
    expect(await refs(pageId)).toHaveLength(1);
    await student.request('PATCH', `/api/pages/${pageId}/references/${(await refs(pageId))[0]?.id}`, {
      evidenceLevel: 'rct',
    });
    expect(
      (await student.request('PATCH', `/api/pages/${pageId}/references/x`, { evidenceLevel: 'anecdote' }))
        .status,
    ).toBe(400);
    await student.post(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    const queue = await faculty.get<{
      items: { page: { id: string }; uncitedClaims: unknown[]; evidence: Record<string, number> }[];
    }>('/api/review/queue');
    const item = queue.body.items.find((i) => i.page.id === pageId);
    expect(item?.uncitedClaims).toEqual([
      expect.objectContaining({ sentence: 'Give adrenaline 0.5 mg intramuscularly.' }),
    ]);
    // The evidence of the revision being signed: its reference snapshot, which holds only what it
    // cites (the RCT left in the library is cited nowhere).
    expect(item?.evidence).toEqual({});
    editor.close();
  });
});
