import type { ImageRepository, NewAuditEntry, StoredImage, UploadBudget } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';
import type { SqliteAuditLog } from './SqliteAuditLog.ts';

interface ImageRow {
  id: string;
  page_id: string;
  blob_key: string;
  sha256: string;
  mime: StoredImage['mime'];
  width: number;
  height: number;
  byte_size: number;
  consent: StoredImage['consent'];
  licence: StoredImage['licence'];
  attribution: string;
  uploaded_by: string;
  created_at: number;
}

const toImage = (r: ImageRow): StoredImage => ({
  id: r.id,
  pageId: r.page_id,
  blobKey: r.blob_key,
  sha256: r.sha256,
  mime: r.mime,
  width: r.width,
  height: r.height,
  byteSize: r.byte_size,
  consent: r.consent,
  licence: r.licence,
  attribution: r.attribution,
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
});

/** Image rows and which revision shows which image; the bytes are the blob store's. */
export class SqliteImageRepository implements ImageRepository {
  private readonly stmts;
  private readonly insert;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: SqliteAuditLog,
  ) {
    this.stmts = {
      pageArchived: db.prepare<[string], { archived_at: number | null }>(
        'SELECT archived_at FROM pages WHERE id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO images (id, page_id, blob_key, sha256, mime, width, height, byte_size, consent,
                             licence, attribution, uploaded_by, created_at)
         VALUES (@id, @pageId, @blobKey, @sha256, @mime, @width, @height, @byteSize, @consent,
                 @licence, @attribution, @uploadedBy, @createdAt)`,
      ),
      find: db.prepare<[string], ImageRow>('SELECT * FROM images WHERE id = ?'),
      uploadedSince: db.prepare<[string, number], { bytes: number }>(
        'SELECT COALESCE(SUM(byte_size), 0) AS bytes FROM images WHERE uploaded_by = ? AND created_at >= ?',
      ),
      // Only an image of the revision's own page counts, whatever a revision row names.
      held: db.prepare<[string, string], { one: number }>(
        `SELECT 1 AS one FROM revision_images ri
           JOIN revisions r ON r.id = ri.revision_id
           JOIN images i ON i.id = ri.image_id AND i.page_id = r.page_id
         WHERE ri.revision_id = ? AND ri.image_id = ?`,
      ),
    };
    this.insert = db.transaction(
      (
        image: StoredImage,
        entry: NewAuditEntry,
        budget: UploadBudget | undefined,
      ): 'inserted' | 'page_archived' | 'over_budget' => {
        const page = this.stmts.pageArchived.get(image.pageId);
        if (!page || page.archived_at !== null) return 'page_archived';
        if (budget) {
          const used = this.stmts.uploadedSince.get(image.uploadedBy, budget.since)?.bytes ?? 0;
          if (used + image.byteSize > budget.maxBytes) return 'over_budget';
        }
        this.stmts.insert.run(image);
        this.audit.appendWithin(entry);
        return 'inserted';
      },
    );
  }

  insertImage(
    image: StoredImage,
    audit: NewAuditEntry,
    budget?: UploadBudget,
  ): Promise<'inserted' | 'page_archived' | 'over_budget'> {
    try {
      return Promise.resolve(this.insert.immediate(image, audit, budget));
    } catch (err: unknown) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  findImage(id: string): Promise<StoredImage | null> {
    const row = this.stmts.find.get(id);
    return Promise.resolve(row ? toImage(row) : null);
  }

  imagesOfPage(pageId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return Promise.resolve(new Set());
    const found = new Set<string>();
    // In chunks: SQLite bounds the number of parameters of one statement.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db
        .prepare<string[], { id: string }>(
          `SELECT id FROM images WHERE page_id = ? AND id IN (${chunk.map(() => '?').join(', ')})`,
        )
        .all(pageId, ...chunk);
      for (const r of rows) found.add(r.id);
    }
    return Promise.resolve(found);
  }

  bytesUploadedSince(userId: string, since: number): Promise<number> {
    return Promise.resolve(this.stmts.uploadedSince.get(userId, since)?.bytes ?? 0);
  }

  knownBlobKeys(blobKeys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < blobKeys.length; i += 500) {
      const chunk = blobKeys.slice(i, i + 500);
      const rows = this.db
        .prepare<string[], { blob_key: string }>(
          `SELECT blob_key FROM images WHERE blob_key IN (${chunk.map(() => '?').join(', ')})`,
        )
        .all(...chunk);
      for (const r of rows) found.add(r.blob_key);
    }
    return Promise.resolve(found);
  }

  revisionHoldsImage(revisionId: string, imageId: string): Promise<boolean> {
    return Promise.resolve(this.stmts.held.get(revisionId, imageId) !== undefined);
  }
}
