import { cleanDisplayText, LIMITS } from '@rounds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createUser, type ApiClient } from '../support/api.ts';
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

/** Strings a person could not see, or that would make other text display in another order. */
const REFUSED: Record<string, string> = {
  'right-to-left override': 'Dosing \u202Egnp.exe',
  'left-to-right embedding': '\u202AAspirin',
  'pop directional formatting': 'Aspirin\u202C',
  'first strong isolate': 'Aspirin \u2068x\u2069',
  'right-to-left mark': 'Aspirin\u200F',
  'zero-width space inside': 'Asp\u200Birin',
  NUL: 'Aspirin\u0000',
  'escape (C0)': 'Aspirin\u001B[31m',
  'next line (C1)': 'Aspirin\u0085',
  'byte order mark': '\uFEFFAspirin',
  'line separator': 'Aspirin\u2028dose',
  'lone high surrogate': 'Aspirin \uD83D',
  'lone low surrogate': '\uDE00 Aspirin',
  newline: 'Aspirin\ndose',
};

/** Strings that are empty to the eye. */
const EMPTY: Record<string, string> = {
  spaces: '     ',
  'no-break and ideographic spaces': '\u00A0\u3000\u2003',
  'word joiner and soft hyphen': '\u2060\u00AD',
  'Hangul filler': '\u3164\u3164',
  'variation selectors': '\uFE0F\uFE0F',
};

const ACCEPTED = [
  'Zoë Ōkubo',
  'Dr. Siobhán O’Brien-Smith',
  'محمد الأحمد',
  '李小龙',
  'Ελληνικά',
  'हिन्दी',
  'Ascites ❤️ 🩺',
];

describe('human-visible names and titles', () => {
  it('page titles refuse control, invisible-formatting and bidi-override characters', async () => {
    for (const [what, title] of Object.entries({ ...REFUSED, ...EMPTY })) {
      const res = await admin.post('/api/pages', { title });
      expect(res.status, what).toBe(400);
      expect(res.body, what).toMatchObject({ error: 'validation_failed' });
    }
  });

  it('accepts ordinary names in any script and stores them NFC-normalized and trimmed', async () => {
    for (const title of ACCEPTED) {
      const res = await admin.post<{ title: string }>('/api/pages', { title: `  ${title}  ` });
      expect(res.status, title).toBe(201);
      expect(res.body.title).toBe(title.normalize('NFC'));
    }
    const decomposed = await admin.post<{ title: string }>('/api/pages', { title: 'Cafe\u0301 au lait' });
    expect(decomposed.body.title).toBe('Caf\u00E9 au lait');
  });

  it('user names refuse the same characters when created, changed or chosen at setup', async () => {
    const person = await createUser(admin, 'student');
    for (const [what, name] of Object.entries({ ...REFUSED, ...EMPTY })) {
      const created = await admin.post('/api/users', {
        email: `bad-${Math.random().toString(36).slice(2)}@example.org`,
        name,
        password: 'long-enough-1',
        role: 'student',
      });
      expect(created.status, what).toBe(400);
      expect((await admin.request('PATCH', `/api/users/${person.id}`, { name })).status, what).toBe(400);
    }
    const renamed = await admin.request<{ name: string }>('PATCH', `/api/users/${person.id}`, {
      name: 'Zoe\u0308 Ōkubo',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Zoë Ōkubo');
  });

  it('collection names refuse them too', async () => {
    for (const [what, name] of Object.entries({ ...REFUSED, ...EMPTY })) {
      expect((await admin.post('/api/collections', { name })).status, what).toBe(400);
    }
    expect((await admin.post('/api/collections', { name: 'Néphrologie' })).status).toBe(201);
  });

  it('answers 100,000-character inputs of every kind quickly', async () => {
    const runs = {
      letters: 'a'.repeat(100_000),
      spaces: ' '.repeat(100_000),
      'zero-width': '\u200B'.repeat(100_000),
      'combining marks': `a${'\u0301'.repeat(99_999)}`,
      digits: '1'.repeat(100_000),
      newlines: '\n'.repeat(100_000),
      'overrides then text': `${'\u202E'.repeat(50_000)}${'b'.repeat(50_000)}`,
    };
    for (const [what, title] of Object.entries(runs)) {
      const started = Date.now();
      const res = await admin.post('/api/pages', { title });
      // 100k three-byte characters are over the body limit (413); everything else is refused (400).
      expect([400, 413], what).toContain(res.status);
      expect(Date.now() - started, what).toBeLessThan(1_000);
    }
  });

  it('the check itself is linear: a million characters of any kind in well under a second', () => {
    const kinds = [
      'a'.repeat(1_000_000),
      ' '.repeat(1_000_000),
      '\u200B'.repeat(1_000_000),
      '\u00A0'.repeat(1_000_000),
      `a${'\u0301'.repeat(999_999)}`,
      '\uD83D\uDE00'.repeat(500_000),
      `${'\u2060'.repeat(999_999)}\uD800`,
    ];
    for (const text of kinds) {
      const started = performance.now();
      const result = cleanDisplayText(text, LIMITS.titleMax);
      expect(result.ok).toBe(false);
      expect(performance.now() - started).toBeLessThan(500);
    }
    expect(cleanDisplayText(`  ${'\u00A0'}Renal colic${'\u3000'} `, LIMITS.titleMax)).toEqual({
      ok: true,
      value: 'Renal colic',
    });
  });
});
