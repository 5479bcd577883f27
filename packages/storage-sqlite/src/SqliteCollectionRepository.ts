import type { Collection, CollectionRepository } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

interface CollectionRow {
  id: string;
  name: string;
  description: string;
  required_approvals: number;
  review_valid_days: number;
  reviewer_ids: string;
  created_at: number;
}

const toCollection = (r: CollectionRow): Collection => ({
  id: r.id,
  name: r.name,
  description: r.description,
  requiredApprovals: r.required_approvals,
  reviewValidDays: r.review_valid_days,
  reviewerIds: JSON.parse(r.reviewer_ids) as string[],
  createdAt: r.created_at,
});

export class SqliteCollectionRepository implements CollectionRepository {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO collections (id, name, description, required_approvals, review_valid_days, reviewer_ids, created_at)
         VALUES (@id, @name, @description, @requiredApprovals, @reviewValidDays, @reviewerIds, @createdAt)`,
      ),
      find: db.prepare<[string], CollectionRow>('SELECT * FROM collections WHERE id = ?'),
      all: db.prepare<[], CollectionRow>('SELECT * FROM collections ORDER BY name'),
      update: db.prepare(
        `UPDATE collections SET name = COALESCE(@name, name), description = COALESCE(@description, description), required_approvals = COALESCE(@requiredApprovals, required_approvals),
         review_valid_days = COALESCE(@reviewValidDays, review_valid_days), reviewer_ids = COALESCE(@reviewerIds, reviewer_ids)
         WHERE id = @id`,
      ),
    };
  }

  insertCollection(c: Collection): Promise<void> {
    this.stmts.insert.run({
      ...c,
      description: c.description ?? '',
      reviewerIds: JSON.stringify(c.reviewerIds),
    });
    return Promise.resolve();
  }

  findCollection(id: string): Promise<Collection | null> {
    const row = this.stmts.find.get(id);
    return Promise.resolve(row ? toCollection(row) : null);
  }

  listCollections(): Promise<Collection[]> {
    return Promise.resolve(this.stmts.all.all().map(toCollection));
  }

  updateCollection(
    id: string,
    patch: Partial<Omit<Collection, 'id' | 'createdAt'>>,
  ): Promise<Collection | null> {
    this.stmts.update.run({
      id,
      name: patch.name ?? null,
      description: patch.description ?? null,
      requiredApprovals: patch.requiredApprovals ?? null,
      reviewValidDays: patch.reviewValidDays ?? null,
      reviewerIds: patch.reviewerIds ? JSON.stringify(patch.reviewerIds) : null,
    });
    return this.findCollection(id);
  }
}
