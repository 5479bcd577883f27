import type {
  CitingRevision,
  CslItem,
  EvidenceLevel,
  NewAuditEntry,
  Reference,
  ReferenceRepository,
  RevisionReference,
} from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';
import type { SqliteAuditLog } from './SqliteAuditLog.ts';

interface ReferenceRow {
  id: string;
  page_id: string;
  csl: string;
  doi: string | null;
  pmid: string | null;
  evidence_level: EvidenceLevel | null;
  created_by: string;
  created_at: number;
}

const toReference = (r: ReferenceRow): Reference => ({
  id: r.id,
  pageId: r.page_id,
  csl: JSON.parse(r.csl) as CslItem,
  doi: r.doi,
  pmid: r.pmid,
  evidenceLevel: r.evidence_level,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

interface RevisionReferenceRow {
  revision_id: string;
  ref_id: string;
  position: number;
  csl: string;
  evidence_level: EvidenceLevel | null;
}

const toRevisionReference = (r: RevisionReferenceRow): RevisionReference => ({
  revisionId: r.revision_id,
  refId: r.ref_id,
  position: r.position,
  csl: JSON.parse(r.csl) as CslItem,
  evidenceLevel: r.evidence_level,
});

export class SqliteReferenceRepository implements ReferenceRepository {
  private readonly stmts;
  private readonly insertAll;
  private readonly insertSnapshots;
  private readonly deleteTx;
  private readonly setLevelTx;

  /** Library changes are audited by the caller's entry, appended in the change's transaction. */
  constructor(
    db: SqliteDatabase,
    private readonly audit: SqliteAuditLog,
  ) {
    this.stmts = {
      ofPage: db.prepare<[string], ReferenceRow>(
        'SELECT * FROM page_references WHERE page_id = ? ORDER BY created_at, rowid',
      ),
      insert: db.prepare(
        `INSERT INTO page_references (id, page_id, csl, doi, pmid, evidence_level, created_by, created_at)
         VALUES (@id, @pageId, @csl, @doi, @pmid, @evidenceLevel, @createdBy, @createdAt)`,
      ),
      delete: db.prepare('DELETE FROM page_references WHERE page_id = ? AND id = ?'),
      setLevel: db.prepare('UPDATE page_references SET evidence_level = ? WHERE page_id = ? AND id = ?'),
      insertSnapshot: db.prepare(
        `INSERT INTO revision_references (revision_id, ref_id, position, csl, evidence_level)
         VALUES (@revisionId, @refId, @position, @csl, @evidenceLevel)`,
      ),
      ofRevision: db.prepare<[string], RevisionReferenceRow>(
        'SELECT * FROM revision_references WHERE revision_id = ? ORDER BY position',
      ),
      citing: db.prepare<[string, string], CitingRevision>(
        `SELECT r.id, r.seq, r.state FROM revision_references rr JOIN revisions r ON r.id = rr.revision_id
         WHERE r.page_id = ? AND rr.ref_id = ? ORDER BY r.seq`,
      ),
    };
    this.insertSnapshots = db.transaction((refs: RevisionReference[]) => {
      for (const r of refs) this.stmts.insertSnapshot.run({ ...r, csl: JSON.stringify(r.csl) });
    });
    this.insertAll = db.transaction((refs: Reference[], audit: NewAuditEntry | undefined) => {
      for (const r of refs) this.stmts.insert.run({ ...r, csl: JSON.stringify(r.csl) });
      if (audit) this.audit.appendWithin(audit);
    });
    this.deleteTx = db.transaction((pageId: string, id: string, audit: NewAuditEntry | undefined) => {
      if (this.stmts.delete.run(pageId, id).changes !== 1) return false;
      if (audit) this.audit.appendWithin(audit);
      return true;
    });
    this.setLevelTx = db.transaction(
      (pageId: string, id: string, level: EvidenceLevel | null, audit: NewAuditEntry | undefined) => {
        if (this.stmts.setLevel.run(level, pageId, id).changes !== 1) return false;
        if (audit) this.audit.appendWithin(audit);
        return true;
      },
    );
  }

  listReferences(pageId: string): Promise<Reference[]> {
    return Promise.resolve(this.stmts.ofPage.all(pageId).map(toReference));
  }

  insertReferences(references: Reference[], audit?: NewAuditEntry): Promise<void> {
    this.insertAll.immediate(references, audit);
    return Promise.resolve();
  }

  deleteReference(pageId: string, id: string, audit?: NewAuditEntry): Promise<boolean> {
    return Promise.resolve(this.deleteTx.immediate(pageId, id, audit));
  }

  setEvidenceLevel(
    pageId: string,
    id: string,
    level: EvidenceLevel | null,
    audit?: NewAuditEntry,
  ): Promise<boolean> {
    return Promise.resolve(this.setLevelTx.immediate(pageId, id, level, audit));
  }

  insertRevisionReferences(references: RevisionReference[]): Promise<void> {
    this.insertSnapshots.immediate(references);
    return Promise.resolve();
  }

  listRevisionReferences(revisionId: string): Promise<RevisionReference[]> {
    return Promise.resolve(this.stmts.ofRevision.all(revisionId).map(toRevisionReference));
  }

  listRevisionsCiting(pageId: string, refId: string): Promise<CitingRevision[]> {
    return Promise.resolve(this.stmts.citing.all(pageId, refId));
  }
}
