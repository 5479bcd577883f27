import type { NewAuditEntry, Report } from '@rounds/domain';
import { expect, it } from 'vitest';
import { type OpenStorage, page, user } from './fixtures.ts';

const audit = (action: string): NewAuditEntry => ({ at: 1, actor: 'u1', action, target: 't', data: {} });
const version = (n: number, enforce = false) => ({
  version: n,
  markdown: `v${n}`,
  enforce,
  createdBy: null,
  createdAt: n,
});

/** Guidelines (versions, acknowledgements) and reports (resolution, hidden comments). */
export function professionalismContract(open: OpenStorage): void {
  it('numbers guideline versions by compare-and-set and acknowledges only the newest', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    expect(await s.guidelines.currentGuidelines()).toBeNull();
    expect(await s.guidelines.publishGuidelines(version(1), null)).toBe(true);
    expect(await s.guidelines.publishGuidelines(version(1), null)).toBe(false);
    expect(await s.guidelines.publishGuidelines(version(3), null)).toBe(false);
    expect(await s.guidelines.acknowledge('u1', 1, 5, audit('guidelines.acknowledged'))).toBe('acknowledged');
    expect(await s.guidelines.acknowledge('u1', 1, 6, audit('guidelines.acknowledged'))).toBe('already');
    expect(await s.guidelines.publishGuidelines(version(2, true), audit('guidelines.updated'))).toBe(true);
    expect(await s.guidelines.currentGuidelines()).toMatchObject({
      version: 2,
      markdown: 'v2',
      enforce: true,
    });
    await s.users.insertUser(user('u2', 'b@x.org'));
    expect(await s.guidelines.acknowledge('u2', 1, 7, audit('guidelines.acknowledged'))).toBe('stale');
    expect(await s.guidelines.acknowledgedVersion('u1')).toBe(1);
    expect([...(await s.guidelines.whoAcknowledged(['u1', 'u2'], 1))]).toEqual(['u1']);
    expect((await s.guidelines.whoAcknowledged(['u1'], 2)).size).toBe(0);
    const actions = (await s.audit.list(0, 100)).map((e) => e.action);
    // One entry per change that happened: the refused and repeated ones wrote none.
    expect(actions).toEqual(['guidelines.acknowledged', 'guidelines.updated']);
    await s.close();
  });

  it('resolves a report once, hiding its comment in the same transaction', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    await s.threads.insertThread({
      id: 't1',
      pageId: 'p1',
      anchorStart: 'a',
      anchorEnd: 'b',
      quote: 'q',
      status: 'open',
      createdBy: 'u1',
      createdAt: 1,
      resolvedBy: null,
      resolvedAt: null,
      comments: [{ id: 'c1', threadId: 't1', authorId: 'u1', body: 'Body', createdAt: 1 }],
    });
    expect(await s.reports.findCommentTarget('c1')).toEqual({
      commentId: 'c1',
      threadId: 't1',
      pageId: 'p1',
    });
    expect(await s.reports.findCommentTarget('nope')).toBeNull();
    const report: Report = {
      id: 'r1',
      targetType: 'comment',
      pageId: 'p1',
      commentId: 'c1',
      blockId: null,
      quote: null,
      reason: 'unprofessional',
      note: 'n',
      reporterId: 'u1',
      createdAt: 2,
      state: 'open',
      resolution: null,
    };
    await s.reports.insertReport(report, audit('report.created'));
    expect(await s.reports.countOpenReports()).toBe(1);
    const resolution = { action: 'hide' as const, reason: 'Rude', by: 'u1', at: 3 };
    expect(
      await s.reports.resolveReport('r1', resolution, { commentId: 'c1' }, [audit('report.resolved')]),
    ).toBe(true);
    expect(
      await s.reports.resolveReport('r1', resolution, { commentId: 'c1' }, [audit('report.resolved')]),
    ).toBe(false);
    expect(await s.reports.findReport('r1')).toMatchObject({ state: 'resolved', resolution });
    expect((await s.threads.findThread('t1'))?.comments[0]?.hidden).toEqual({
      by: 'u1',
      at: 3,
      reason: 'Rude',
    });
    const [listed] = await s.reports.listReports({ state: 'resolved' }, 10);
    expect(listed).toMatchObject({
      id: 'r1',
      pageTitle: 'T',
      reporterName: 'N',
      commentExcerpt: 'Body',
      commentHidden: true,
    });
    expect(await s.reports.listReports({ state: 'open' }, 10)).toEqual([]);
    expect(await s.reports.listReports({ reporterId: 'u1' }, 10)).toHaveLength(1);
    expect(await s.reports.countOpenReports()).toBe(0);
    const actions = (await s.audit.list(0, 100)).map((e) => e.action);
    expect(actions).toEqual(['report.created', 'report.resolved']);
    await s.close();
  });
}
