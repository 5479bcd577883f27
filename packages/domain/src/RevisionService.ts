import { DomainError, forbidden, notFound } from './errors.ts';
import type { Revision, User } from './model.ts';
import { policy } from './policy.ts';
import { imageIdsOf } from './documentImages.ts';
import { revisionDigest } from './revisionDigest.ts';
import { snapshotReferences } from './revisionReferences.ts';
import { knownCitationsCheck, runSubmissionChecks } from './submissionChecks.ts';
import type { SubmissionCheck, SubmitRequest } from './submissionChecks.ts';
import type {
  Clock,
  DocumentStore,
  DraftReader,
  IdGenerator,
  PageRepository,
  ReferenceRepository,
  RevisionRepository,
  RevisionSummary,
} from './ports.ts';

const archived = (): DomainError =>
  new DomainError('conflict', 'This page is archived; restore it to change it');

/** The draft's contributors, then the restored content's authors not among them. */
const withRestoredAuthors = (contributors: string[], restored: string[]): string[] => [
  ...new Set([...contributors, ...restored]),
];

export class RevisionService {
  constructor(
    private readonly pages: PageRepository,
    private readonly revisions: RevisionRepository,
    private readonly documents: DocumentStore,
    private readonly drafts: DraftReader,
    private readonly references: ReferenceRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    /** The pre-submit validator chain, run in order after the built-in citation check. */
    private readonly checks: readonly SubmissionCheck[] = [],
  ) {}

  /** Snapshots the live draft as a new pending revision. */
  async submit(actor: User, pageId: string, request: SubmitRequest): Promise<Revision> {
    if (!policy.canEditDraft(actor.role)) throw forbidden('Your role cannot submit revisions');
    const page = await this.pages.findPage(pageId);
    if (!page) throw notFound('Page');
    if (page.archivedAt !== null) throw archived();
    const snapshot = await this.drafts.snapshotDraft(pageId);
    if (snapshot.text.trim() === '')
      throw new DomainError('validation_failed', 'The draft is empty; write something first');
    const library = await this.references.listReferences(pageId);
    const revisionId = this.ids.id();
    const checked = await runSubmissionChecks([knownCitationsCheck, ...this.checks], {
      actor,
      page,
      snapshot,
      library,
      request,
      revisionId,
      now: this.clock.now(),
    });
    const published = page.publishedRevisionId
      ? await this.revisions.findRevision(page.publishedRevisionId)
      : null;
    // A rename alone is a change worth submitting: the title learners read is the revision's.
    if (published?.contentHash === snapshot.contentHash && published.title === page.title) {
      throw new DomainError('conflict', 'Nothing changed since the published revision');
    }
    const open = (await this.revisions.listRevisionSummaries(pageId)).find(
      (r) => r.state === 'pending' && r.contentHash === snapshot.contentHash && r.title === page.title,
    );
    if (open) throw new DomainError('conflict', `This content is already submitted as revision ${open.seq}`);
    const contributors = await this.documents.contributorsBetween(
      pageId,
      published?.upToUpdateSeq ?? 0,
      snapshot.upToUpdateSeq,
    );
    const restoredAuthors = await this.restoredAuthors(pageId, published);
    const draft: Omit<Revision, 'seq'> = {
      id: revisionId,
      pageId,
      createdAt: this.clock.now(),
      createdBy: actor.id,
      message: request.message.trim(),
      title: page.title,
      contentHash: snapshot.contentHash,
      doc: snapshot.doc,
      text: snapshot.text,
      blocks: snapshot.blocks,
      authors: withRestoredAuthors(contributors.length > 0 ? contributors : [actor.id], restoredAuthors),
      state: 'pending',
      yjsState: snapshot.yjsState,
      upToUpdateSeq: snapshot.upToUpdateSeq,
    };
    // One unit of work: the revision, the references it cites (the published page renders this
    // copy, never the library) and its audit entry; older pending revisions become superseded.
    const seq = await this.revisions.insertRevision(draft, {
      references: snapshotReferences(draft.id, snapshot.citations, library),
      // The queue's view of it, bounded: never the body (docs/decisions.md, "Queue and write budgets").
      digest: revisionDigest(published?.blocks ?? [], snapshot.blocks, snapshot.uncitedClaims),
      audit: (assigned, superseded) => ({
        at: this.clock.now(),
        actor: actor.id,
        action: 'revision.submitted',
        target: `revision:${draft.id}`,
        data: { pageId, seq: assigned, ...(superseded.length > 0 ? { superseded } : {}) },
      }),
      moreAudit: checked,
      // Pins the image versions it shows (images are immutable): once published, learners fetch these.
      images: imageIdsOf(snapshot.doc),
    });
    // The store re-checks in its transaction: an archive that committed meanwhile wins.
    if (seq === 'page_archived') throw archived();
    return { ...draft, seq };
  }

  /**
   * Authorship follows content: the authors of every revision restored into the draft since the
   * published revision was taken, unless what they restored is the published content itself.
   */
  private async restoredAuthors(pageId: string, published: Revision | null): Promise<string[]> {
    const restored = await this.revisions.listRestoredSince(pageId, published?.createdAt ?? 0);
    return restored.filter((r) => r.contentHash !== published?.contentHash).flatMap((r) => r.authors);
  }

  /** Revisions of a page, newest first. Learners never see unpublished revisions. */
  async list(actor: User, pageId: string): Promise<RevisionSummary[]> {
    if (!policy.canReadDraft(actor.role)) throw forbidden('Revisions are not visible to learners');
    const page = await this.pages.findPage(pageId);
    if (!page) throw notFound('Page');
    return this.revisions.listRevisionSummaries(pageId);
  }

  /** A revision the actor may read: learners only the page's published one. */
  async get(actor: User, revisionId: string): Promise<Revision> {
    const revision = await this.revisions.findRevision(revisionId);
    if (!revision) throw notFound('Revision');
    if (!policy.canReadDraft(actor.role)) {
      const page = await this.pages.findPage(revision.pageId);
      if (page?.publishedRevisionId !== revision.id)
        throw forbidden('Unpublished revisions are not visible to learners');
    }
    return revision;
  }

  /**
   * Writes a revision's content back into the live draft, attributed to the actor; the restored
   * revision's authors become authors of the next revision submitted from it.
   */
  async restore(actor: User, revisionId: string): Promise<Revision> {
    if (!policy.canEditDraft(actor.role)) throw forbidden('Your role cannot edit drafts');
    const revision = await this.revisions.findRevision(revisionId);
    if (!revision) throw notFound('Revision');
    const page = await this.pages.findPage(revision.pageId);
    if (!page) throw notFound('Page');
    if (page.archivedAt !== null) throw archived();
    // Provenance (and its audit entry) first, in one unit of work that refuses an archived page:
    // should the restore fail after this, a later revision only lists more authors (stricter
    // four-eyes), never fewer.
    const at = this.clock.now();
    const recorded = await this.revisions.recordRestore(
      { pageId: revision.pageId, revisionId: revision.id, restoredBy: actor.id, at },
      {
        at,
        actor: actor.id,
        action: 'revision.restored',
        target: `revision:${revision.id}`,
        data: { pageId: revision.pageId, seq: revision.seq },
      },
    );
    if (!recorded) throw archived();
    // The state is read again by the draft side, at a rewrite generation it checks (a purge
    // rewrites revisions: the copy read above may hold text it removed since).
    await this.drafts.restoreDraft(
      revision.pageId,
      async () => {
        const current = await this.revisions.findRevision(revision.id);
        if (!current) throw notFound('Revision');
        return current.yjsState;
      },
      actor.id,
    );
    return revision;
  }
}
