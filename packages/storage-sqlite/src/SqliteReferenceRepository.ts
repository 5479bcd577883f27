import type { CslItem, EvidenceLevel, Reference, ReferenceRepository } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

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

export class SqliteReferenceRepository implements ReferenceRepository {
  private readonly stmts;
  private readonly insertAll;

  constructor(db: SqliteDatabase) {
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
    };
    this.insertAll = db.transaction((refs: Reference[]) => {
      for (const r of refs) this.stmts.insert.run({ ...r, csl: JSON.stringify(r.csl) });
    });
  }

  listReferences(pageId: string): Promise<Reference[]> {
    return Promise.resolve(this.stmts.ofPage.all(pageId).map(toReference));
  }

  insertReferences(references: Reference[]): Promise<void> {
    this.insertAll.immediate(references);
    return Promise.resolve();
  }

  deleteReference(pageId: string, id: string): Promise<boolean> {
    return Promise.resolve(this.stmts.delete.run(pageId, id).changes === 1);
  }

  setEvidenceLevel(pageId: string, id: string, level: EvidenceLevel | null): Promise<boolean> {
    return Promise.resolve(this.stmts.setLevel.run(level, pageId, id).changes === 1);
  }
}
