import { cleanDisplayText, LIMITS, type Role, type UserView } from '@rounds/shared';
import { recordAudit } from './audit.ts';
import { DomainError, forbidden, notFound } from './errors.ts';
import type { User } from './model.ts';
import { policy } from './policy.ts';
import type {
  AuditLog,
  Clock,
  IdGenerator,
  PasswordHasher,
  SetupTokenRepository,
  UserRepository,
} from './ports.ts';
import type { SessionEndings } from './sessionEvents.ts';

export interface NewUserInput {
  email: string;
  name: string;
  password: string;
  role: Role;
}

/** How long the first-admin setup link stays valid. */
const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly setupTokens: SetupTokenRepository,
    private readonly hasher: PasswordHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly endings: SessionEndings,
    private readonly audit: AuditLog,
  ) {}

  async createUser(actor: User, input: NewUserInput): Promise<User> {
    if (!policy.canManageUsers(actor.role)) throw forbidden('Only admins manage users');
    const user = await this.insert(input);
    await recordAudit(this.audit, this.clock, actor.id, 'user.created', `user:${user.id}`, {
      role: user.role,
    });
    return user;
  }

  async listUsers(actor: User): Promise<User[]> {
    if (!policy.canManageUsers(actor.role)) throw forbidden('Only admins manage users');
    return this.users.listUsers();
  }

  async updateUser(
    actor: User,
    id: string,
    patch: { name?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined },
  ): Promise<User> {
    if (!policy.canManageUsers(actor.role)) throw forbidden('Only admins manage users');
    if (id === actor.id && (patch.role !== undefined || patch.disabled)) {
      throw new DomainError('conflict', 'You cannot change your own role or disable yourself');
    }
    const before = await this.users.findUserById(id);
    if (!before) throw notFound('User');
    const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (patch.name !== undefined) clean.name = displayName(patch.name);
    const updated = await this.users.updateUser(id, clean);
    if (!updated) throw notFound('User');
    if (patch.role !== undefined || patch.disabled !== undefined) {
      const data = { role: patch.role, disabled: patch.disabled };
      await recordAudit(this.audit, this.clock, actor.id, 'user.updated', `user:${id}`, data);
    }
    // Access changes take effect now, not at the sessions' next use: a disabled account, or one
    // whose role changed, signs in again (if it still can) and gets the rights it has now.
    if (patch.disabled) {
      await this.endings.end({ userId: id, sessions: { kind: 'all' }, reason: 'disabled' });
    } else if (updated.role !== before.role && !updated.disabled) {
      await this.endings.end({
        userId: id,
        sessions: { kind: 'all' },
        reason: 'role_changed',
        role: updated.role,
      });
    }
    return updated;
  }

  /**
   * Creates the first admin from configuration when the database has no users. Safe to run from
   * several instances at once: the unique email decides, the loser simply finds the admin there.
   */
  async bootstrapAdmin(email: string, password: string): Promise<'created' | 'exists'> {
    if ((await this.users.countUsers()) > 0) return 'exists';
    const inserted = await this.tryInsert({ email, name: 'Administrator', password, role: 'admin' });
    if (!inserted) return 'exists';
    await recordAudit(this.audit, this.clock, null, 'user.created', `user:${inserted.id}`, {
      role: 'admin',
      via: 'environment',
    });
    return 'created';
  }

  async needsSetup(): Promise<boolean> {
    return (await this.users.countUsers()) === 0;
  }

  /** Issues a one-time secret for the first-admin setup link; returns null once users exist. */
  async issueSetupToken(): Promise<string | null> {
    if (!(await this.needsSetup())) return null;
    const token = this.ids.secret();
    await this.setupTokens.putSetupToken(this.ids.hashSecret(token), this.clock.now() + SETUP_TOKEN_TTL_MS);
    return token;
  }

  /**
   * Creates the first admin with the setup link's token. Consuming the token and inserting the
   * admin happen in one transaction, so of two racing requests one wins and the other gets 409.
   */
  async completeSetup(token: string, input: Omit<NewUserInput, 'role'>): Promise<User> {
    if (!(await this.needsSetup())) throw alreadySetUp();
    const user = await this.newUser({ ...input, role: 'admin' });
    const outcome = await this.setupTokens.completeSetup(this.ids.hashSecret(token), this.clock.now(), user);
    if (outcome === 'created') {
      await recordAudit(this.audit, this.clock, user.id, 'user.created', `user:${user.id}`, {
        role: 'admin',
        via: 'setup',
      });
      return user;
    }
    // A token that no longer works because someone just finished setup is a conflict, not a bad link.
    if (outcome === 'already_set_up' || !(await this.needsSetup())) throw alreadySetUp();
    throw new DomainError('forbidden', 'This setup link is invalid, expired or has been replaced');
  }

  private async insert(input: NewUserInput): Promise<User> {
    const user = await this.tryInsert(input);
    if (!user) throw new DomainError('conflict', 'A user with this email already exists');
    return user;
  }

  private async tryInsert(input: NewUserInput): Promise<User | null> {
    const user = await this.newUser(input);
    return (await this.users.insertUser(user)) ? user : null;
  }

  private async newUser(input: NewUserInput): Promise<User> {
    return {
      id: this.ids.id(),
      email: input.email.trim().toLowerCase(),
      name: displayName(input.name),
      role: input.role,
      passwordHash: await this.hasher.hash(input.password),
      disabled: false,
      createdAt: this.clock.now(),
    };
  }
}

const alreadySetUp = (): DomainError => new DomainError('conflict', 'Rounds is already set up');

/** A person's name as shown to others: no control or text-direction tricks, NFC, trimmed. */
function displayName(raw: string): string {
  const cleaned = cleanDisplayText(raw, LIMITS.nameMax);
  if (!cleaned.ok) throw new DomainError('validation_failed', `The name ${cleaned.message}`);
  return cleaned.value;
}

export function toUserView(user: User): UserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
