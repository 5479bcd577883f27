import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, asAdmin, createPage, createUser } from '../support/api.ts';
import { eventually } from '../support/collab.ts';
import { SEPSIS_BIBTEX } from '../support/fixtures.ts';
import { Editor } from '../support/review.ts';
import { startChildServer, startServer, type TestServer } from '../support/server.ts';

/**
 * Hostile reference imports and libraries: every one is read (or refused) quickly, off the event
 * loop, and nothing it leaves behind makes a later read slow. Before the fix: a 199,939-character
 * MEDLINE record took 136 s to import, reading its page's references 105 s; 127,000 newlines in
 * BibTeX 13 s; a reference with 100,000 spaces made every learner view 8 s.
 */
let dataDir: string;
let server: TestServer;
let student: ApiClient;
let faculty: ApiClient;
let learner: ApiClient;
let studentId: string;
let warmUpPageId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rounds-hostile-refs-'));
  server = await startServer({}, dataDir);
  const admin = await asAdmin(server.url);
  ({ client: student, id: studentId } = await createUser(admin, 'student'));
  faculty = (await createUser(admin, 'faculty')).client;
  learner = (await createUser(admin, 'learner')).client;
  // Starts the citation workers, so that their start-up is not counted against the first case.
  warmUpPageId = await createPage(student, 'Warm-up');
  await student.post(`/api/pages/${warmUpPageId}/references`, { import: SEPSIS_BIBTEX });
});
afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What "quick" means for an import: the 2 s parsing budget, plus room for a noisy machine. */
const QUICK_MS = 3_500;
/** No request may hold the event loop; health polled back to back must stay under this. */
const HEALTH_MS = 100;

interface Timed<T> {
  result: T;
  ms: number;
  slowestHealthMs: number;
  healthPolls: number;
}

/** Runs `request` while two pollers ask `/api/health` back to back; reports the slowest answer. */
async function whilePollingHealth<T>(baseUrl: string, request: () => Promise<T>): Promise<Timed<T>> {
  let running = true;
  let slowestHealthMs = 0;
  let healthPolls = 0;
  const poll = async (): Promise<void> => {
    while (running) {
      const start = performance.now();
      const res = await fetch(`${baseUrl}/api/health`);
      await res.arrayBuffer();
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - start);
      healthPolls++;
    }
  };
  const pollers = [poll(), poll()];
  const start = performance.now();
  try {
    const result = await request();
    return { result, ms: performance.now() - start, slowestHealthMs, healthPolls };
  } finally {
    running = false;
    await Promise.all(pollers);
  }
}

/**
 * The best of up to three runs of `attempt` (each polled as above), stopping at the first whose
 * health stayed under `HEALTH_MS`. On a loaded machine the OS can stall a process for 100 ms now
 * and then; a request that holds the event loop does so on every run. `before` runs unpolled.
 */
async function bestOfThree<T>(
  baseUrl: () => string,
  attempt: () => Promise<T>,
  before?: () => Promise<void>,
): Promise<Timed<T>> {
  let best: Timed<T> | undefined;
  for (let i = 0; i < 3 && !(best && best.slowestHealthMs < HEALTH_MS); i++) {
    await before?.();
    const run = await whilePollingHealth(baseUrl(), attempt);
    if (!best || run.slowestHealthMs < best.slowestHealthMs) best = run;
  }
  return best as Timed<T>;
}

type Ref = { id: string; formatted: string; csl: Record<string, unknown> };
type Refusal = { error: string; message: string };

function importInto(pageId: string, text: string) {
  return student.post<{ references?: Ref[] } & Partial<Refusal>>(`/api/pages/${pageId}/references`, {
    import: text,
  });
}

const N = 100_000;
const HOSTILE: [string, string][] = [
  [
    'MEDLINE, an author line of 199,939 characters, mostly spaces (the 136 s import)',
    `PMID- 1\nTI  - A title\nAU  - Smith${' '.repeat(199_900)}ja\n`,
  ],
  ['MEDLINE, 100,000 spaces before [doi]', `PMID- 2\nTI  - T\nAID - 10.1000/x${' '.repeat(N)}[doi]\n`],
  ['MEDLINE, 12,000 author lines', `PMID- 3\nTI  - T\n${'AU  - Smith J\n'.repeat(12_000)}`],
  ['MEDLINE, 100,000 digits as the PMID', `PMID- ${'1'.repeat(N)}\nTI  - T\n`],
  ['MEDLINE, 10,000 records', 'PMID- 4\nTI  - T\n\n'.repeat(10_000)],
  [
    'BibTeX, 127,000 newlines (the 13 s import)',
    `${'\n'.repeat(127_000)}@article{k, title = {T}, author = {Smith, J}}`,
  ],
  ['BibTeX, a title of 100,000 spaces', `@article{k, title = {A${' '.repeat(N)}B}, author = {Smith, J}}`],
  ['BibTeX, a title of 100,000 digits', `@article{k, title = {${'1'.repeat(N)}}}`],
  ['BibTeX, 100,000 opening braces', `@article{k, title = {${'{'.repeat(N)}}}`],
  ['BibTeX, 16,000 authors', `@article{k, title = {T}, author = {${'Smith, J and '.repeat(16_000)}Doe, J}}`],
  ['BibTeX, 6,000 tiny entries', '@article{k, title = {T}}\n'.repeat(6_000)],
  ['BibTeX, 100,000 spaces and newlines mixed', `@article{k, title = {A${' \n\t'.repeat(N / 3)}B}}`],
  [
    'RIS, a title of 60,000 spaces (the 4 s import)',
    `TY  - JOUR\nTI  - A${' '.repeat(60_000)}B\nAU  - Smith, J\nER  - \n`,
  ],
  ['RIS, 100,000 newlines in a title', `TY  - JOUR\nTI  - A${'\n'.repeat(N)}B\nER  - \n`],
  ['RIS, 9,000 records that never end', 'TY  - JOUR\n'.repeat(9_000)],
  ['RIS, 6,000 author lines', `TY  - JOUR\nTI  - T\n${'AU  - Smith, J\n'.repeat(6_000)}ER  - \n`],
];

describe('hostile reference imports', () => {
  it.each(HOSTILE)('%s: a quick success or a clear refusal, health stays fast', async (_name, text) => {
    let pageId = '';
    const imported = await bestOfThree(
      () => server.url,
      async () => importInto((pageId = await createPage(student, 'Hostile import')), text),
    );
    expect([201, 400, 413]).toContain(imported.result.status);
    if (imported.result.status !== 201) {
      expect(imported.result.body).toMatchObject({
        error: expect.any(String) as unknown,
        message: expect.any(String) as unknown,
      });
      expect(imported.result.body.message?.length).toBeLessThan(2_000);
    }
    expect(imported.ms).toBeLessThan(QUICK_MS);
    expect(imported.slowestHealthMs).toBeLessThan(HEALTH_MS);

    // What was stored is within the limits, and reading it back is quick too.
    const listed = await bestOfThree(
      () => server.url,
      () => student.get<{ references: Ref[] }>(`/api/pages/${pageId}/references`),
    );
    expect(listed.ms).toBeLessThan(1_000);
    expect(listed.slowestHealthMs).toBeLessThan(HEALTH_MS);
    for (const ref of listed.result.body.references) {
      expect(JSON.stringify(ref.csl).length).toBeLessThan(40_000);
      expect(ref.formatted).not.toMatch(/\s{2}/);
    }
  });

  it('refuses an import text past 200,000 characters with 413 and says so', async () => {
    const pageId = await createPage(student, 'Too long');
    const text = `@article{k, title = {T}}${' '.repeat(200_000)}`;
    const res = await importInto(pageId, text);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      error: 'too_large',
      message: expect.stringMatching(/200,000 characters/) as unknown,
    });
  });

  it('refuses an import of more than 500 entries with 413, reading no more than it needs', async () => {
    const entries = Array.from({ length: 501 }, (_, i) => `@article{k${i}, title = {Trial ${i}}}\n`).join('');
    const res = await bestOfThree(
      () => server.url,
      async () => importInto(await createPage(student, 'Too many'), entries),
    );
    expect(res.result.status).toBe(413);
    expect(res.result.body.message).toMatch(/At most 500 references per import/);
    expect(res.slowestHealthMs).toBeLessThan(HEALTH_MS);
  });

  it('validates imported items against the CSL limits, naming the entry', async () => {
    const pageId = await createPage(student, 'Limits');
    const long = await importInto(pageId, `@article{big, title = {${'word '.repeat(300)}}}`);
    expect(long.status).toBe(400);
    expect(long.body.message).toBe(
      'Could not read: BibTeX entry 1 (big): title: too long (at most 1000 characters)',
    );
    const longName = await importInto(pageId, `TY  - JOUR\nTI  - T\nAU  - ${'x'.repeat(250)}, J\nER  - `);
    expect(longName.status).toBe(400);
    expect(longName.body.message).toBe(
      'Could not read: RIS record 1 (“T”): author.0.family: too long (at most 200 characters)',
    );
    const badDoi = await student.post<Refusal>(`/api/pages/${pageId}/references`, {
      csl: { title: 'T', DOI: 'not-a-doi' },
    });
    expect(badDoi.status).toBe(400);
    expect(badDoi.body.message).toMatch(/DOI: is not a DOI/);
    const csl = await student.post<Refusal>(`/api/pages/${pageId}/references`, {
      csl: { title: 'T', URL: 'javascript:alert(1)' },
    });
    expect(csl.status).toBe(400);
    const collapsed = await student.post<{ references: Ref[] }>(`/api/pages/${pageId}/references`, {
      csl: {
        title: `Early ${' '.repeat(5_000)} antibiotics`,
        author: Array.from({ length: 150 }, () => ({ family: 'Smith' })),
      },
    });
    expect(collapsed.status).toBe(201);
    expect(collapsed.body.references[0]?.csl.title).toBe('Early antibiotics');
    expect(collapsed.body.references[0]?.csl.author).toHaveLength(100);
  });
});

describe('reference libraries at their limits', () => {
  let pageId: string;
  let citedId: string;
  const entry = (i: number) =>
    `@article{k${i}, title = {Trial ${i} of early antibiotics in sepsis}, author = {Smith, John and Doe, Jane and Roe, Richard}, journal = {N Engl J Med}, year = {2020}, volume = {382}, pages = {210--219}, doi = {10.1056/NEJM${i}}}\n`;

  it('a page holds 500 references; the 501st is refused with 413 and a clear message', async () => {
    const first = await bestOfThree(
      () => server.url,
      async () =>
        importInto(
          (pageId = await createPage(student, 'Five hundred references')),
          Array.from({ length: 500 }, (_, i) => entry(i)).join(''),
        ),
    );
    expect(first.result.status).toBe(201);
    expect(first.ms).toBeLessThan(10_000);
    expect(first.slowestHealthMs).toBeLessThan(HEALTH_MS);
    citedId = first.result.body.references?.[0]?.id ?? '';
    const more = await importInto(pageId, entry(500));
    expect(more.status).toBe(413);
    expect(more.body).toMatchObject({
      error: 'too_large',
      message: expect.stringMatching(/at most 500 references; this one has 500/) as unknown,
    });
    // Was 3.8 s for each read of 501 references.
    const listed = await bestOfThree(
      () => server.url,
      () => student.get<{ references: Ref[] }>(`/api/pages/${pageId}/references`),
    );
    expect(listed.result.body.references).toHaveLength(500);
    expect(listed.ms).toBeLessThan(1_000);
    expect(listed.slowestHealthMs).toBeLessThan(HEALTH_MS);
  });

  it('after a restart (nothing cached), the learner view of the published page formats only what it cites, and reading all 500 never holds the event loop', async () => {
    // A reference stored before the limits existed: 100,000 spaces in its title.
    const legacyId = `legacy-${Date.now()}`;
    await server.rounds.storage.references.insertReferences([
      {
        id: legacyId,
        pageId,
        csl: { type: 'article-journal', title: `Legacy${' '.repeat(N)}title`, author: [{ family: 'Old' }] },
        doi: null,
        pmid: null,
        evidenceLevel: null,
        createdBy: studentId,
        createdAt: Date.now(),
      },
    ]);
    const editor = await Editor.open(student, server.wsUrl, pageId);
    await editor.append('Early antibiotics lower mortality.');
    const p = editor.collab.doc.getXmlFragment('default').get(0) as Y.XmlElement;
    const citation = new Y.XmlElement('citation');
    citation.setAttribute('refIds', [citedId, legacyId] as unknown as string);
    p.insert(p.length, [citation]);
    await eventually(async () => {
      const html = (await student.get<string>(`/api/pages/${pageId}/content?version=draft&format=html`)).body;
      expect(html).toContain('[1,2]</sup>');
    });
    const rev = await student.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
    expect(rev.status).toBe(201);
    const approved = await faculty.post(`/api/revisions/${rev.body.id}/reviews`, {
      decision: 'approve',
      comment: 'ok',
    });
    expect(approved.status).toBe(201);
    editor.close();

    /**
     * A restarted server: nothing formatted is cached. The same sessions work on its new port. Its
     * citation workers are started (by another page's references), so that what is measured is
     * formatting: of the 2 cited references (milliseconds), not of all 501 (seconds).
     */
    const restart = async (): Promise<void> => {
      await server.stop();
      server = await startServer({}, dataDir);
      for (const client of [learner, student]) {
        const again = new ApiClient(server.url);
        again.cookie = client.cookie;
        if (client === learner) learner = again;
        else student = again;
      }
      expect((await student.get(`/api/pages/${warmUpPageId}/references`)).status).toBe(200);
    };
    const view = await bestOfThree(
      () => server.url,
      () => learner.request<string>('GET', `/api/pages/${pageId}/content?version=published&format=html`),
      restart,
    );
    // Was 8.4 s with one 100,000-space reference, since every reference was formatted.
    expect(view.result.status).toBe(200);
    expect(view.result.body).toMatch(/<li id="ref-1">Smith J, Doe J, Roe R\. Trial 0 of early antibiotics/);
    expect(view.result.body).toContain('<li id="ref-2">Old. Legacy title.</li>');
    expect(view.result.body).not.toContain('ref-3');
    expect(view.ms).toBeLessThan(1_000);
    expect(view.slowestHealthMs).toBeLessThan(HEALTH_MS);

    const listed = await bestOfThree(
      () => server.url,
      () => student.get<{ references: Ref[] }>(`/api/pages/${pageId}/references`),
      restart,
    );
    expect(listed.result.body.references).toHaveLength(501);
    expect(listed.result.body.references.find((r) => r.id === legacyId)?.formatted).toBe(
      'Old. Legacy title.',
    );
    expect(listed.ms).toBeLessThan(10_000);
    expect(listed.slowestHealthMs).toBeLessThan(HEALTH_MS);
  });
});

describe('the citation worker under `node --import tsx` (as npm start runs it)', () => {
  it('imports a hostile MEDLINE record quickly while health answers from another process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-hostile-child-'));
    const child = await startChildServer(dir);
    try {
      const admin = await asAdmin(child.url);
      const text = `PMID- 1\nTI  - A title\nAU  - Smith${' '.repeat(199_900)}ja\n`;
      const res = await bestOfThree(
        () => child.url,
        async () =>
          admin.post<{ references: Ref[] }>(
            `/api/pages/${await createPage(admin, 'Child server')}/references`,
            {
              import: text,
            },
          ),
      );
      expect(res.result.status).toBe(201);
      expect(res.result.body.references[0]?.formatted).toBe('Smith ja. A title. PMID: 1.');
      expect(res.ms).toBeLessThan(QUICK_MS + 2_000);
      expect(res.slowestHealthMs).toBeLessThan(HEALTH_MS);
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
