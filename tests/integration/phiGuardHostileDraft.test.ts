import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { Editor } from '../support/review.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let student: ApiClient;

beforeAll(async () => {
  server = await startServer();
  const admin = await asAdmin(server.url);
  student = (await createUser(admin, 'student')).client;
});
afterAll(async () => {
  await server.stop();
});

describe('patient-identifier guard on a hostile draft', () => {
  it('reads a 1 MB draft of identifier-like runs in slices: health stays responsive, the answer is a capped 422', async () => {
    const pageId = await createPage(student, 'Stress');
    const editor = await Editor.open(student, server.wsUrl, pageId);
    const unit = 'Mr Smith 416-555-1234 1-1-1-1 01/02/1960 a@b.c ';
    await editor.append(unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000));

    let done = false;
    const pending = student
      .post<{ error: string; findings: unknown[]; more?: number }>(`/api/pages/${pageId}/revisions`, {
        message: 'x',
      })
      .finally(() => {
        done = true;
      });
    const latencies: number[] = [];
    while (!done) {
      const start = performance.now();
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      latencies.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const res = await pending;
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('phi_detected');
    expect(res.body.findings.length).toBe(100);
    expect(res.body.more).toBeGreaterThan(0);
    // Without slicing the detector alone would hold the event loop for seconds.
    expect(Math.max(...latencies)).toBeLessThan(1_000);
    editor.close();
  }, 120_000);
});
