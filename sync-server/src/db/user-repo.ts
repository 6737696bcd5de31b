import type { Database } from 'better-sqlite3';
import { userSchema } from '../../../src/domain';
import type { Role, User, UserId } from '../../../src/domain';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: number;
  token_version: number;
}

export interface StoredUser {
  readonly user: User;
  readonly passwordHash: string;
  /** Tokens signed with an older version are refused (an admin signed the user out). */
  readonly tokenVersion: number;
}

export interface NewUser {
  readonly id: UserId;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly createdAt: number;
}

/**
 * Decides, inside the sign-up transaction, whether this account may be made and with which
 * role. `first`: the relay has no account yet. Returning a refusal makes no account; the gate's
 * own writes (an invite marked used) roll back when the e-mail turns out taken.
 */
export type SignupGate<R> = (first: boolean) => { readonly ok: true; readonly role: Role } | { readonly ok: false; readonly refusal: R };

export type CreateResult<R> =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly emailTaken: true }
  | { readonly ok: false; readonly emailTaken: false; readonly refusal: R };

export interface UserRepo {
  hasUsers(): boolean;
  findByEmail(email: string): StoredUser | undefined;
  findById(id: string): User | undefined;
  /** The user with password hash and token version. */
  findStored(id: string): StoredUser | undefined;
  /** Every account, oldest first (a workspace has tens, not millions). */
  list(): User[];
  /**
   * Insert a user. The gate runs first (so a refused caller learns nothing about which
   * e-mails have accounts), then the e-mail is checked. Without a gate: the first account is
   * the admin, later ones members.
   */
  create<R = never>(user: NewUser, gate?: SignupGate<R>): CreateResult<R>;
  /** Raise the user's token version; every token signed before stops working. The new version, or undefined. */
  bumpTokenVersion(id: string): number | undefined;
}

const toStored = (row: UserRow): StoredUser => ({
  user: userSchema.parse({ id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.created_at }),
  passwordHash: row.password_hash,
  tokenVersion: row.token_version,
});

const openGate: SignupGate<never> = (first) => ({ ok: true, role: first ? 'admin' : 'member' });

/** Thrown inside the transaction to roll back the gate's writes when the e-mail is taken. */
class EmailTaken extends Error {}

export function createUserRepo(db: Database): UserRepo {
  const first = db.prepare<[], { one: number }>('SELECT 1 AS one FROM users LIMIT 1');
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const all = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, id');
  const insert = db.prepare<[string, string, string, Role, string, number]>(
    'INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const bump = db.prepare<[string], { token_version: number }>('UPDATE users SET token_version = token_version + 1 WHERE id = ? RETURNING token_version');
  // IMMEDIATE takes the write lock before counting, so two first sign-ups cannot both become admin.
  const createTx = db.transaction(<R>(user: NewUser, gate: SignupGate<R>): CreateResult<R> => {
    const decision = gate(first.get() === undefined);
    if (!decision.ok) return { ok: false, emailTaken: false, refusal: decision.refusal };
    if (byEmail.get(user.email)) throw new EmailTaken();
    insert.run(user.id, user.email, user.name, decision.role, user.passwordHash, user.createdAt);
    return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: decision.role, createdAt: user.createdAt } };
  });

  return {
    hasUsers: () => first.get() !== undefined,
    findByEmail: (email) => {
      const row = byEmail.get(email);
      return row ? toStored(row) : undefined;
    },
    findById: (id) => {
      const row = byId.get(id);
      return row ? toStored(row).user : undefined;
    },
    findStored: (id) => {
      const row = byId.get(id);
      return row ? toStored(row) : undefined;
    },
    list: () => all.all().map((row) => toStored(row).user),
    create<R = never>(user: NewUser, gate?: SignupGate<R>): CreateResult<R> {
      try {
        return createTx.immediate(user, gate ?? openGate) as CreateResult<R>;
      } catch (error) {
        if (error instanceof EmailTaken) return { ok: false, emailTaken: true };
        throw error;
      }
    },
    bumpTokenVersion: (id) => bump.get(id)?.token_version,
  };
}
