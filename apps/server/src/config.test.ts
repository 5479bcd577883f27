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

  it('trusts X-Forwarded-For only from the proxies it is told about', () => {
    const trust = (env: Record<string, string>) => {
      const r = parseConfig(env, null);
      return r.ok ? r.config.trustProxy : 'invalid';
    };
    expect(trust({})).toBe(false);
    expect(trust({ PUBLIC_URL: 'https://rounds.example.edu' })).toBe('loopback');
    expect(trust({ TRUST_PROXY: '2' })).toBe(2);
    expect(trust({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.4' })).toBe('10.0.0.0/8, 192.168.1.4');
    expect(trust({ PUBLIC_URL: 'https://rounds.example.edu', TRUST_PROXY: 'false' })).toBe(false);
    expect(trust({ TRUST_PROXY: 'a;b' })).toBe('invalid');
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
