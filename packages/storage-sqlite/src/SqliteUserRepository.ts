import type { Role, User, UserRepository } from '@rounds/domain';
import type { SqliteDatabase } from './openDatabase.ts';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: number;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
});

export class SqliteUserRepository implements UserRepository {
  private readonly stmts;
  private readonly updateTx: {
    immediate(id: string, patch: Partial<Pick<User, 'name' | 'role' | 'disabled'>>): void;
  };

  constructor(db: SqliteDatabase) {
    this.stmts = {
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
      insert: db.prepare(
        `INSERT INTO users (id, email, name, role, password_hash, disabled, created_at)
         VALUES (@id, @email, @name, @role, @passwordHash, @disabled, @createdAt) ON CONFLICT(email) DO NOTHING`,
      ),
      byEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
      byId: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      all: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, email'),
      update: db.prepare(
        `UPDATE users SET name = COALESCE(@name, name), role = COALESCE(@role, role),
         disabled = COALESCE(@disabled, disabled) WHERE id = @id`,
      ),
      deleteUnusedResetTokens: db.prepare(
        'DELETE FROM password_reset_tokens WHERE user_id = ? AND used_at IS NULL',
      ),
    };
    this.updateTx = db.transaction((id: string, patch: Partial<Pick<User, 'name' | 'role' | 'disabled'>>) => {
      const before = this.stmts.byId.get(id);
      if (!before) return;
      this.stmts.update.run({
        id,
        name: patch.name ?? null,
        role: patch.role ?? null,
        disabled: patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
      });
      // A reset link is for the account as it was when issued: disabling or a role change ends it.
      if (patch.disabled === true || (patch.role !== undefined && patch.role !== before.role)) {
        this.stmts.deleteUnusedResetTokens.run(id);
      }
    });
  }

  countUsers(): Promise<number> {
    return Promise.resolve(this.stmts.count.get()?.n ?? 0);
  }

  insertUser(user: User): Promise<boolean> {
    const info = this.stmts.insert.run({ ...user, disabled: user.disabled ? 1 : 0 });
    return Promise.resolve(info.changes === 1);
  }

  findUserByEmail(email: string): Promise<User | null> {
    const row = this.stmts.byEmail.get(email);
    return Promise.resolve(row ? toUser(row) : null);
  }

  findUserById(id: string): Promise<User | null> {
    const row = this.stmts.byId.get(id);
    return Promise.resolve(row ? toUser(row) : null);
  }

  listUsers(): Promise<User[]> {
    return Promise.resolve(this.stmts.all.all().map(toUser));
  }

  updateUser(id: string, patch: Partial<Pick<User, 'name' | 'role' | 'disabled'>>): Promise<User | null> {
    this.updateTx.immediate(id, patch);
    return this.findUserById(id);
  }
}
