import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const r = parseConfig({}, null);
    expect(r.ok && r.config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      admin: null,
      cookieSecure: false,
    });
  });

  it('resolves a relative DATA_DIR against the directory npm was run from', () => {
    const r = parseConfig({ DATA_DIR: './data', INIT_CWD: '/srv/rounds' }, null);
    expect(r.ok && r.config.dataDir).toBe('/srv/rounds/data');
  });

  it('reports every problem at once', () => {
    const r = parseConfig({ PORT: 'abc', ROUNDS_ADMIN_EMAIL: 'not-an-email', LOG_LEVEL: 'loud' }, null);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.length).toBeGreaterThanOrEqual(3);
  });

  it('requires the admin email and password together, and treats empty as unset', () => {
    expect(parseConfig({ ROUNDS_ADMIN_EMAIL: 'a@b.org' }, null).ok).toBe(false);
    expect(parseConfig({ ROUNDS_ADMIN_EMAIL: '', ROUNDS_ADMIN_PASSWORD: '' }, null).ok).toBe(true);
  });

  it('secures cookies and allows the origin of an https PUBLIC_URL', () => {
    const r = parseConfig({ PUBLIC_URL: 'https://rounds.school.edu/' }, null);
    expect(r.ok && r.config.cookieSecure).toBe(true);
    expect(r.ok && r.config.allowedOrigins).toContain('https://rounds.school.edu');
  });
});
