import { expect, it } from 'vitest';
import { type OpenStorage, user, page, bytes, revision } from './fixtures.ts';

/** Revisions and reviews: decisions, reference copies, submission as one unit of work. */
export function revisionsContract(open: OpenStorage): void {
  it('a decision is one compare-and-set: nothing is stored for a revision that is no longer pending', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.users.insertUser(user('f1', 'f1@x.org'));
    await s.users.insertUser(user('f2', 'f2@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    const audit = (action: string) => ({ at: 2, actor: 'f1', action, target: 'revision:r', data: {} });
    const decide = (
      id: string,
      reviewerId: string,
      decision: 'approve' | 'request_changes',
      hash = `hash-${id}`,
    ) =>
      s.revisions.recordReview({
        review: {
          id: `${id}-${reviewerId}`,
          revisionId: id,
          reviewerId,
          decision,
          comment: '',
          contentHash: hash,
          createdAt: 2,
        },
        pageId: 'p1',
        requiredApprovals: 1,
        reviewAudit: audit(`review.${decision}`),
        publishAudit: audit('revision.published'),
      });

    await s.revisions.insertRevision(revision('r1'));
    await s.revisions.insertRevision(revision('r2'));
    // A newer submission supersedes the older pending one in the same step.
    expect((await s.revisions.findRevision('r1'))?.state).toBe('superseded');
    expect(await decide('r1', 'f1', 'approve')).toEqual({ status: 'not_pending', state: 'superseded' });
    expect(await decide('r2', 'f1', 'approve', 'other-hash')).toEqual({
      status: 'content_changed',
      contentHash: 'hash-r2',
    });
    expect(await decide('r2', 'f1', 'request_changes')).toEqual({
      status: 'recorded',
      state: 'changes_requested',
      published: false,
    });
    expect(await decide('r2', 'f2', 'approve')).toEqual({
      status: 'not_pending',
      state: 'changes_requested',
    });
    expect((await s.revisions.listReviews(['r1', 'r2'])).map((r) => r.reviewerId)).toEqual(['f1']);
    expect((await s.pages.findPage('p1'))?.publishedRevisionId).toBeNull();

    await s.revisions.insertRevision(revision('r3'));
    expect(await decide('r3', 'f2', 'approve')).toEqual({
      status: 'recorded',
      state: 'approved',
      published: true,
    });
    expect((await s.pages.findPage('p1'))?.publishedRevisionId).toBe('r3');
    expect((await s.audit.list(0, 10)).map((e) => e.action)).toEqual([
      'review.request_changes',
      'review.approve',
      'revision.published',
    ]);
    await s.close();
  });

  it("keeps a revision's references as copies, whatever the library does later", async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    const ref = {
      id: 'r1',
      pageId: 'p1',
      csl: { type: 'book', title: 'One' },
      doi: null,
      pmid: null,
      evidenceLevel: null,
      createdBy: 'u1',
      createdAt: 1,
    };
    await s.references.insertReferences([ref]);
    const snapshotOf = (id: string, state: 'pending' | 'superseded') =>
      revision(id, { contentHash: id, doc: { type: 'doc' }, text: '', state, yjsState: bytes(0) });
    const seq1 = await s.revisions.insertRevision(snapshotOf('v1', 'superseded'));
    const seq2 = await s.revisions.insertRevision(snapshotOf('v2', 'pending'));
    for (const revisionId of ['v1', 'v2'])
      await s.references.insertRevisionReferences([
        { revisionId, refId: 'r1', position: 1, csl: ref.csl, evidenceLevel: null },
      ]);
    const entry = (action: string) => ({ at: 1, actor: 'u1', action, target: 'reference:r1', data: {} });
    expect(
      await s.references.setEvidenceLevel('p1', 'r1', 'rct', entry('reference.evidence_level_set')),
    ).toBe(true);
    expect(await s.references.deleteReference('p1', 'r1', entry('reference.deleted'))).toBe(true);
    // Nothing there: no change, so no entry either.
    expect(await s.references.deleteReference('p1', 'r1', entry('reference.deleted'))).toBe(false);
    expect(await s.references.setEvidenceLevel('p1', 'r1', null, entry('reference.evidence_level_set'))).toBe(
      false,
    );
    expect((await s.audit.list(0, 10)).map((e) => e.action)).toEqual([
      'reference.evidence_level_set',
      'reference.deleted',
    ]);
    expect(await s.references.listRevisionReferences('v2')).toEqual([
      {
        revisionId: 'v2',
        refId: 'r1',
        position: 1,
        csl: { type: 'book', title: 'One' },
        evidenceLevel: null,
      },
    ]);
    expect(await s.references.listRevisionsCiting('p1', 'r1')).toEqual([
      { id: 'v1', seq: seq1, state: 'superseded' },
      { id: 'v2', seq: seq2, state: 'pending' },
    ]);
    expect(await s.references.listRevisionsCiting('p1', 'other')).toEqual([]);
    await s.close();
  });

  it('submits a revision with its references and audit entry as one unit of work', async () => {
    const s = await open();
    await s.users.insertUser(user('u1', 'a@x.org'));
    await s.pages.insertPage(page('p1', 'u1'));
    const submitted = (id: string) =>
      revision(id, { contentHash: id, doc: { type: 'doc' }, yjsState: bytes(0) });
    const csl = { type: 'book', title: 'One' };
    const withExtras = (id: string, fail = false) => ({
      references: [{ revisionId: id, refId: 'r1', position: 1, csl, evidenceLevel: null }],
      audit: (seq: number, superseded: string[]) => {
        if (fail) throw new Error('audit failed');
        return { at: 1, actor: 'u1', action: 'revision.submitted', target: id, data: { seq, superseded } };
      },
    });
    expect(await s.revisions.insertRevision(submitted('a'), withExtras('a'))).toBe(1);
    expect(await s.revisions.insertRevision(submitted('b'), withExtras('b'))).toBe(2);
    expect((await s.audit.list(0, 10)).map((e) => e.data)).toEqual([
      { seq: 1, superseded: [] },
      { seq: 2, superseded: ['a'] },
    ]);
    expect((await s.references.listRevisionReferences('b')).map((r) => r.refId)).toEqual(['r1']);
    // A failure anywhere in the unit stores nothing of it and supersedes nothing.
    await expect(s.revisions.insertRevision(submitted('c'), withExtras('c', true))).rejects.toThrow();
    expect(await s.revisions.findRevision('c')).toBeNull();
    expect(await s.references.listRevisionReferences('c')).toEqual([]);
    expect((await s.revisions.findRevision('b'))?.state).toBe('pending');
    expect(await s.audit.list(0, 10)).toHaveLength(2);

    // The queue's candidates: summaries of each live page's newest pending revision, with a
    // digest stored alongside; none of an archived page; none the reviewer reviewed.
    const digest = { changes: [], truncatedChanges: 3, uncitedClaims: [], uncitedClaimsTotal: 1 };
    expect(await s.revisions.insertRevision(submitted('d'), { digest })).toBe(3);
    const candidates = await s.revisions.listQueueCandidates('u1');
    expect(candidates.map((c) => c.revision.id)).toEqual(['d']);
    expect(candidates[0]).toMatchObject({ publishedRevisionId: null, publishedTitle: null });
    expect(candidates[0]?.revision).not.toHaveProperty('doc');
    expect(await s.revisions.listDigests(['d', 'b'])).toEqual(
      new Map([
        ['d', digest],
        ['b', null],
      ]),
    );

    // Compare-and-set on the page not being archived: nothing is written to an archived page.
    expect(await s.pages.setArchived('p1', 5)).toBe(true);
    expect(await s.revisions.listQueueCandidates('u1')).toEqual([]);
    expect(await s.revisions.insertRevision(submitted('e'), withExtras('e'))).toBe('page_archived');
    expect(await s.revisions.findRevision('e')).toBeNull();
    expect((await s.revisions.findRevision('d'))?.state).toBe('pending');
    const restore = { pageId: 'p1', revisionId: 'b', restoredBy: 'u1', at: 6 };
    const restoreAudit = { at: 6, actor: 'u1', action: 'revision.restored', target: 'b', data: {} };
    expect(await s.revisions.recordRestore(restore, restoreAudit)).toBe(false);
    expect(await s.revisions.listRestoredSince('p1', 0)).toEqual([]);
    expect(await s.audit.list(0, 10)).toHaveLength(2);
    expect(await s.pages.setArchived('p1', null)).toBe(true);
    expect(await s.revisions.recordRestore(restore, restoreAudit)).toBe(true);
    expect((await s.revisions.listRestoredSince('p1', 0)).map((r) => r.id)).toEqual(['b']);
    expect((await s.audit.list(0, 10)).map((e) => e.action).at(-1)).toBe('revision.restored');
    await s.close();
  });
}
