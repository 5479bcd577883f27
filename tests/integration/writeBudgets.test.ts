import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

// Every submission stores the draft in full and every page takes a slug: both are budgeted per
// person (small budgets here, through the environment).
let server: TestServer;
let admin: ApiClient;
type Person = Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startServer({
    SUBMISSIONS_PER_PAGE_PER_MINUTE: '2',
    SUBMISSIONS_PER_HOUR: '3',
    PAGE_CREATES_PER_HOUR: '4',
  });
  admin = await asAdmin(server.url);
});
afterAll(() => server.stop());

interface Refusal {
  error: string;
  message: string;
  retryAfterSeconds?: number;
}

const newPage = (who: Person, title: string) =>
  who.client.post<{ id: string } & Refusal>('/api/pages', { title });

async function submitChange(editor: Editor, who: Person, text: string) {
  await editor.append(text);
  return who.client.post<{ id: string } & Refusal>(`/api/pages/${editor.pageId}/revisions`, {
    message: text,
  });
}

describe('submission budgets', () => {
  it('refuses a third submission of one page within a minute, and a fourth of the hour, with 429', async () => {
    const student = await createUser(admin, 'student');
    const pageA = (await newPage(student, 'Sepsis')).body.id;
    const pageB = (await newPage(student, 'Asthma')).body.id;
    const onA = await Editor.open(student.client, server.wsUrl, pageA);
    const onB = await Editor.open(student.client, server.wsUrl, pageB);
    try {
      expect((await submitChange(onA, student, 'Fluids first.')).status).toBe(201);
      expect((await submitChange(onA, student, 'Then antibiotics.')).status).toBe(201);
      const third = await submitChange(onA, student, 'Then lactate.');
      expect(third.status).toBe(429);
      expect(third.body.error).toBe('rate_limited');
      expect(third.body.message).toMatch(/2 revisions of one page a minute/);
      expect(third.body.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(third.body.retryAfterSeconds).toBeLessThanOrEqual(60);

      // Another page is still within the per-page budget: the hourly one is what stops it.
      expect((await submitChange(onB, student, 'Salbutamol.')).status).toBe(201);
      const fourth = await submitChange(onB, student, 'Steroids.');
      expect(fourth.status).toBe(429);
      expect(fourth.body.error).toBe('rate_limited');
      expect(fourth.body.message).toMatch(/3 revisions an hour/);
      expect(fourth.body.retryAfterSeconds).toBeGreaterThan(60);
      expect(fourth.body.retryAfterSeconds).toBeLessThanOrEqual(3600);

      // Budgets are per person: a colleague submits the page the first student may not.
      const colleague = await createUser(admin, 'student');
      const theirs = await Editor.open(colleague.client, server.wsUrl, pageA);
      try {
        expect((await submitChange(theirs, colleague, 'Reassess.')).status).toBe(201);
      } finally {
        theirs.close();
      }
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('a refused submission stores nothing', async () => {
    const student = await createUser(admin, 'student');
    const pageId = (await newPage(student, 'Stroke')).body.id;
    const editor = await Editor.open(student.client, server.wsUrl, pageId);
    try {
      for (const text of ['CT first.', 'Thrombolysis.']) {
        expect((await submitChange(editor, student, text)).status).toBe(201);
      }
      expect((await submitChange(editor, student, 'Thrombectomy.')).status).toBe(429);
      const list = await student.client.get<{ revisions: unknown[] }>(`/api/pages/${pageId}/revisions`);
      expect(list.body.revisions).toHaveLength(2);
    } finally {
      editor.close();
    }
  });
});

describe('page-creation budget', () => {
  it('refuses pages past the hourly budget with 429 and retryAfterSeconds, per person', async () => {
    const student = await createUser(admin, 'student');
    for (let n = 1; n <= 4; n++) expect((await newPage(student, `Topic ${n}`)).status).toBe(201);
    const refused = await newPage(student, 'Topic 5');
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('rate_limited');
    expect(refused.body.message).toMatch(/at most 4 pages an hour/);
    expect(refused.body.retryAfterSeconds).toBeGreaterThan(60);
    expect(refused.body.retryAfterSeconds).toBeLessThanOrEqual(3600);
    const pages = await admin.get<{ pages: { title: string }[] }>('/api/pages');
    expect(pages.body.pages.map((p) => p.title)).not.toContain('Topic 5');

    const other = await createUser(admin, 'student');
    expect((await newPage(other, 'Topic 5')).status).toBe(201);
  });
});
