import { expect, it } from 'vitest';
import { type OpenStorage, user, page, revision } from './fixtures.ts';

/** Pages: slugs, renames, archiving, published slugs. */
export function pagesContract(open: OpenStorage): void {
  it('renames a page keeping its recent former slugs resolvable until another page takes one, and archives by compare-and-set', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    expect(await s.pages.renamePage('p1', 'New', 'new', 5)).toMatchObject({ slug: 'new', title: 'New' });
    expect((await s.pages.findPageBySlug('p1'))?.id).toBe('p1');
    expect((await s.pages.findPageBySlug('new'))?.id).toBe('p1');
    // A former slug is not taken (only live slugs are); the live one is, except for its own page.
    expect(await s.pages.slugExists('p1')).toBe(false);
    expect(await s.pages.slugExists('new')).toBe(true);
    expect(await s.pages.slugExists('new', 'p1')).toBe(false);
    await s.pages.renamePage('p1', 'Back', 'p1', 6);
    expect((await s.pages.findPage('p1'))?.slug).toBe('p1');
    expect((await s.pages.findPageBySlug('new'))?.id).toBe('p1');
    // Another page cannot take p1's live slug, even past a stale slugExists check…
    await s.pages.insertPage(page('p2', 'u1'));
    expect(await s.pages.renamePage('p2', 'Taken', 'p1', 7)).toBe('slug_taken');
    expect((await s.pages.findPage('p2'))?.slug).toBe('p2');
    // …but a former slug (an alias) is not taken: the live slug wins and the alias is dropped.
    expect(await s.pages.slugExists('new')).toBe(false);
    expect(await s.pages.renamePage('p2', 'New', 'new', 7)).toMatchObject({ slug: 'new' });
    expect((await s.pages.findPageBySlug('new'))?.id).toBe('p2');
    await s.pages.renamePage('p2', 'Back', 'p2', 7);
    expect((await s.pages.findPageBySlug('new'))?.id).toBe('p2');
    // A new page takes a former slug too.
    await s.pages.insertPage({ ...page('p3', 'u1'), slug: 'new' });
    expect((await s.pages.findPageBySlug('new'))?.id).toBe('p3');
    // Each page keeps its 20 most recent former slugs; older ones stop resolving.
    for (let n = 0; n < 25; n++) await s.pages.renamePage('p2', `T${n}`, `t-${n}`, 10 + n);
    expect((await s.pages.findPageBySlug('t-4'))?.id).toBe('p2');
    expect(await s.pages.findPageBySlug('t-3')).toBeNull();
    expect(await s.pages.findPageBySlug('p2')).toBeNull();
    expect(await s.pages.setArchived('p1', 7)).toBe(true);
    expect(await s.pages.setArchived('p1', 8)).toBe(false);
    expect((await s.pages.findPage('p1'))?.archivedAt).toBe(7);
    expect(await s.pages.setArchived('p1', null)).toBe(true);
    expect(await s.pages.setArchived('p1', null)).toBe(false);
    await s.close();
  });

  it('records the published slug at publication; readers follow only published slugs', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.users.insertUser(user('f1', 'f1@x.org'));
    await s.pages.insertPage({ ...page('p1', 'u1'), slug: 'dosing', title: 'Dosing' });
    let n = 0;
    const publish = async (title: string) => {
      const id = `r${++n}`;
      await s.revisions.insertRevision(revision(id, { createdAt: n, title }));
      const audit = (action: string) => ({
        at: n,
        actor: 'f1',
        action,
        target: `revision:${id}`,
        data: {},
      });
      return s.revisions.recordReview({
        review: {
          id: `${id}-f1`,
          revisionId: id,
          reviewerId: 'f1',
          decision: 'approve',
          comment: '',
          contentHash: `hash-${id}`,
          createdAt: n,
        },
        pageId: 'p1',
        requiredApprovals: 1,
        reviewAudit: audit('review.approve'),
        publishAudit: audit('revision.published'),
      });
    };
    const readerSees = async (slug: string) => (await s.pages.findPageByPublishedSlug(slug))?.id ?? null;
    expect((await s.pages.findPage('p1'))?.publishedSlug).toBeNull();
    expect(await readerSees('dosing')).toBeNull();
    expect(await publish('Dosing')).toMatchObject({ published: true });
    expect((await s.pages.findPage('p1'))?.publishedSlug).toBe('dosing');
    // Renames change the live slug only; the draft-only slugs name nothing for readers.
    await s.pages.renamePage('p1', 'Dosing 2', 'dosing-2', 10);
    await s.pages.renamePage('p1', 'Dosing 3', 'dosing-3', 11);
    expect(await s.pages.findPage('p1')).toMatchObject({ slug: 'dosing-3', publishedSlug: 'dosing' });
    expect(await readerSees('dosing')).toBe('p1');
    expect(await readerSees('dosing-2')).toBeNull();
    expect(await readerSees('dosing-3')).toBeNull();
    expect((await s.pages.findPageBySlug('dosing-2'))?.id).toBe('p1');
    // The published slug is taken while it is published: no other page may have it as its live slug.
    expect(await s.pages.slugExists('dosing', 'p2')).toBe(true);
    // Publishing a revision with the page's current title publishes its current slug; the one
    // before keeps resolving for readers (a former published slug), the draft-only one never.
    expect(await publish('Dosing 3')).toMatchObject({ published: true });
    expect((await s.pages.findPage('p1'))?.publishedSlug).toBe('dosing-3');
    expect(await readerSees('dosing-3')).toBe('p1');
    expect(await readerSees('dosing')).toBe('p1');
    expect(await readerSees('dosing-2')).toBeNull();
    // A revision submitted before an unreviewed rename keeps the published slug as it was.
    await s.pages.renamePage('p1', 'Dosing 4', 'dosing-4', 12);
    expect(await publish('Dosing 3')).toMatchObject({ published: true });
    expect((await s.pages.findPage('p1'))?.publishedSlug).toBe('dosing-3');
    expect(await readerSees('dosing-4')).toBeNull();
    expect(await readerSees('dosing-3')).toBe('p1');
    await s.close();
  });

  it('keeps every slug a page ever published: never taken by another page, never trimmed', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.users.insertUser(user('f1', 'f1@x.org'));
    await s.pages.insertPage({ ...page('p1', 'u1'), slug: 'dosing', title: 'Dosing' });
    await s.revisions.insertRevision(revision('r1', { title: 'Dosing' }));
    const audit = (action: string) => ({ at: 2, actor: 'f1', action, target: 'revision:r1', data: {} });
    expect(
      await s.revisions.recordReview({
        review: {
          id: 'r1-f1',
          revisionId: 'r1',
          reviewerId: 'f1',
          decision: 'approve',
          comment: '',
          contentHash: 'hash-r1',
          createdAt: 2,
        },
        pageId: 'p1',
        requiredApprovals: 1,
        reviewAudit: audit('review.approve'),
        publishAudit: audit('revision.published'),
      }),
    ).toMatchObject({ published: true });
    const readerSees = async (slug: string) => (await s.pages.findPageByPublishedSlug(slug))?.id ?? null;
    await s.pages.renamePage('p1', 'Dosing 2', 'dosing-2', 10);
    await s.pages.renamePage('p1', 'Dosing 3', 'dosing-3', 11);
    // The published slug, now a former one, is taken for every other page, even past a stale
    // check; a draft-only former slug still gives way (the live slug wins, the alias is dropped).
    expect(await s.pages.slugExists('dosing')).toBe(true);
    expect(await s.pages.slugExists('dosing', 'p1')).toBe(false);
    expect(await s.pages.slugExists('dosing-2')).toBe(false);
    await expect(s.pages.insertPage({ ...page('p2', 'u1'), slug: 'dosing' })).rejects.toThrow();
    await s.pages.insertPage(page('p2', 'u1'));
    expect(await s.pages.renamePage('p2', 'Dosing', 'dosing', 12)).toBe('slug_taken');
    expect(await s.pages.renamePage('p2', 'Dosing 2', 'dosing-2', 12)).toMatchObject({ slug: 'dosing-2' });
    expect((await s.pages.findPageBySlug('dosing-2'))?.id).toBe('p2');
    expect(await readerSees('dosing')).toBe('p1');
    // Past the 20 draft-only former slugs kept, the published one still resolves.
    for (let n = 0; n < 25; n++) await s.pages.renamePage('p1', `T${n}`, `t-${n}`, 20 + n);
    expect(await readerSees('dosing')).toBe('p1');
    expect((await s.pages.findPageBySlug('dosing'))?.id).toBe('p1');
    expect((await s.pages.findPageBySlug('t-4'))?.id).toBe('p1');
    expect(await s.pages.findPageBySlug('t-3')).toBeNull();
    // Renaming back reclaims it; renamed away again, it is still published and still taken.
    expect(await s.pages.renamePage('p1', 'Dosing', 'dosing', 50)).toMatchObject({ slug: 'dosing' });
    expect(await readerSees('dosing')).toBe('p1');
    await s.pages.renamePage('p1', 'Dosing 5', 'dosing-5', 51);
    expect(await readerSees('dosing')).toBe('p1');
    expect(await s.pages.slugExists('dosing', 'p2')).toBe(true);
    await s.close();
  });
}
