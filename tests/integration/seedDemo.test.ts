import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api.ts';
import { startServer } from '../support/server.ts';

const SEED = fileURLToPath(new URL('../../apps/server/src/seedDemo.ts', import.meta.url));
const run = promisify(execFile);

describe('seed:demo', () => {
  it('fills an empty database with demo users and readable pages, and refuses a used one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-seed-'));
    try {
      const env = { ...process.env, DATA_DIR: dir, ROUNDS_ADMIN_EMAIL: '', ROUNDS_ADMIN_PASSWORD: '' };
      await run(process.execPath, ['--import', 'tsx', SEED], { env });
      await expect(run(process.execPath, ['--import', 'tsx', SEED], { env })).rejects.toThrow(
        /already has users/,
      );
      const server = await startServer({}, dir, { bootstrapAdmin: false });
      try {
        const student = await new ApiClient(server.url).login('student1@rounds.test', 'rounds-demo-password');
        const pages = await student.get<{ pages: { id: string; title: string }[] }>('/api/pages');
        expect(pages.body.pages.map((p) => p.title)).toContain('Diabetic ketoacidosis');
        const dka = pages.body.pages.find((p) => p.title === 'Diabetic ketoacidosis');
        const text = await student.get(`/api/pages/${dka?.id}/content?version=draft&format=text`);
        expect(text.body).toContain('0.1 units/kg/hour');
        const page = await student.get<{ unreviewedBlocks: number; pendingReview: boolean }>(
          `/api/pages/${dka?.id}`,
        );
        expect(page.body).toMatchObject({ pendingReview: true });
        expect(page.body.unreviewedBlocks).toBeGreaterThan(4);
        const learner = await new ApiClient(server.url).login('learner1@rounds.test', 'rounds-demo-password');
        const published = await learner.get<{ pages: { title: string }[] }>('/api/pages');
        expect(published.body.pages.map((p) => p.title).sort()).toEqual([
          'Approach to the acutely unwell patient',
          'Community-acquired pneumonia',
        ]);
        const cap = (
          await learner.get<{ pages: { id: string; title: string }[] }>('/api/pages')
        ).body.pages.find((p) => p.title === 'Community-acquired pneumonia');
        const html = (await learner.get<string>(`/api/pages/${cap?.id}/content?format=html`)).body;
        expect(html).toContain('[1]</sup>');
        expect(html).toMatch(
          /<li id="ref-1">Lim WS, van der Eerden MM, Laing R, .*et al\. Defining community acquired pneumonia severity/,
        );
        expect(html).toMatch(/<li id="ref-2">Lim WS, Baudouin SV, .*BTS guidelines/);
        const faculty = await new ApiClient(server.url).login('faculty1@rounds.test', 'rounds-demo-password');
        const queue = await faculty.get<{ items: { page: { title: string } }[] }>('/api/review/queue');
        expect(queue.body.items.map((i) => i.page.title)).toEqual(['Diabetic ketoacidosis']);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
