import { CollabCloseCode } from '@rounds/shared';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { PageSockets } from './PageSockets.ts';
import type { RevocableSocket } from './SessionSockets.ts';

function socket(): RevocableSocket & { revoked: number | null } {
  const s = {
    revoked: null as number | null,
    revoke(code: number): void {
      s.revoked = code;
    },
  };
  return s;
}

describe('PageSockets: archiving a page revokes its sockets', () => {
  it('revokes every open socket of the archived page with 4403, and only of that page', () => {
    const pages = new PageSockets(createLogger('silent'));
    const [a, b, other] = [socket(), socket(), socket()];
    pages.add('p1', a, pages.mark);
    pages.add('p1', b, pages.mark);
    pages.add('p2', other, pages.mark);
    pages.pageEvent({ kind: 'archived', pageId: 'p1' });
    expect([a.revoked, b.revoked, other.revoked]).toEqual([
      CollabCloseCode.Forbidden,
      CollabCloseCode.Forbidden,
      null,
    ]);
  });

  it('revokes a socket whose upgrade was authorized before the archiving and accepted after', () => {
    const pages = new PageSockets(createLogger('silent'));
    const mark = pages.mark; // authorization starts: the page is live
    pages.pageEvent({ kind: 'archived', pageId: 'p1' });
    const late = socket();
    expect(pages.add('p1', late, mark)).toBe(false);
    expect(late.revoked).toBe(CollabCloseCode.Forbidden);
    // An upgrade authorized after the archiving was refused by authorization itself; one for
    // another page is unaffected.
    const elsewhere = socket();
    expect(pages.add('p2', elsewhere, mark)).toBe(true);
    expect(elsewhere.revoked).toBeNull();
  });

  it('lets a late socket stay when the page was restored meanwhile', () => {
    const pages = new PageSockets(createLogger('silent'));
    const mark = pages.mark;
    pages.pageEvent({ kind: 'archived', pageId: 'p1' });
    pages.pageEvent({ kind: 'unarchived', pageId: 'p1' });
    const late = socket();
    expect(pages.add('p1', late, mark)).toBe(true);
    expect(late.revoked).toBeNull();
  });
});
