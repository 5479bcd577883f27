import { describe, expect, it } from 'vitest';
import { safeNext } from './safeNext.ts';
import { nextForPerson } from './tabUser.ts';

describe('safeNext', () => {
  it.each([
    ['/pages/abc', '/pages/abc'],
    ['/search?q=heart#top', '/search?q=heart#top'],
    ['/pages/a%20b', '/pages/a%20b'],
  ])('keeps the local path %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });

  it.each([
    null,
    '',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' /pages/abc',
    'https://evil.example/pages',
    '%2F%2Fevil.example',
    '/%2F/evil.example',
    '/%5Cevil.example',
    '/%5C%5Cevil.example',
    '/%09/evil.example',
    '/%E0%A4%A',
    '/login',
    '/login?next=/pages/x',
    '/setup?token=x',
  ])('refuses %j', (input) => {
    expect(safeNext(input)).toBe('/');
  });
});

describe('nextForPerson', () => {
  it('keeps next when nobody was signed in before, or the same person signs in again', () => {
    expect(nextForPerson('/pages/x', 'u1', null)).toBe('/pages/x');
    expect(nextForPerson('/pages/x', 'u1', 'u1')).toBe('/pages/x');
  });

  it('sends a different person home', () => {
    expect(nextForPerson('/pages/x', 'u2', 'u1')).toBe('/');
  });
});
