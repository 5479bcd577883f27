import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function logged(fields: Record<string, unknown>): string {
  let out = '';
  const logger = createLogger('trace', { write: (line: string) => (out += line) });
  logger.info(fields, 'line');
  return out;
}

describe('the server log', () => {
  it('censors credentials wherever a logged object carries them', () => {
    const line = logged({
      password: 'p-1',
      req: { headers: { cookie: 'rounds_session=c-1', authorization: 'Bearer a-1' } },
      res: { headers: { 'set-cookie': 'rounds_session=s-1' } },
      input: { token: 't-1', newPassword: 'n-1', currentPassword: 'o-1', body: 'b-1' },
      sessionSecret: 'x-1',
      userId: 'u-1',
    });
    for (const secret of ['p-1', 'c-1', 'a-1', 's-1', 't-1', 'n-1', 'o-1', 'b-1', 'x-1']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('u-1');
  });

  it('drops query strings from logged URLs and paths (reset and setup links carry tokens there)', () => {
    const line = logged({ url: 'http://h/reset?token=t-2', path: '/setup?token=t-3#x' });
    expect(line).not.toContain('t-2');
    expect(line).not.toContain('t-3');
    expect(JSON.parse(line)).toMatchObject({ url: 'http://h/reset', path: '/setup' });
  });
});
