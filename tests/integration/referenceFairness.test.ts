import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createPage, createUser, type ApiClient } from '../support/api.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = await asAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

const bibtex = (n: number): string =>
  Array.from(
    { length: n },
    (_, i) => `@article{k${i}, title={Trial ${i}}, author={Doe, J}, year={2020}}`,
  ).join('\n');

describe('reference imports are shared fairly', () => {
  it('one person has one import in flight at a time; another person is not held up', async () => {
    const [a, b] = await Promise.all([createUser(admin, 'student'), createUser(admin, 'student')]);
    const page = await createPage(a.client);
    const text = bibtex(400);
    const [first, second, other] = await Promise.all([
      a.client.post(`/api/pages/${page}/references`, { import: text }),
      a.client.post(`/api/pages/${page}/references`, { import: text }),
      b.client.post(`/api/pages/${await createPage(b.client)}/references`, { import: bibtex(1) }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 429]);
    expect(other.status).toBe(201);
  });

  it('refuses a reference whose fields are all at their limits at once (too large as a whole)', async () => {
    const student = (await createUser(admin, 'student')).client;
    const page = await createPage(student);
    const name = { family: 'F'.repeat(200), given: 'G'.repeat(200) };
    const res = await student.post<{ error: string; message: string }>(`/api/pages/${page}/references`, {
      csl: { title: 'T'.repeat(1000), author: Array.from({ length: 100 }, () => name) },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/too large/);
  });
});
