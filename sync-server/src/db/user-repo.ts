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
}

export interface StoredUser {
  readonly user: User;
  readonly passwordHash: string;
}

export interface NewUser {
  readonly id: UserId;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly createdAt: number;
}

export interface UserRepo {
  hasUsers(): boolean;
  findByEmail(email: string): StoredUser | undefined;
  findById(id: string): User | undefined;
  /** Insert a user; the first one on an empty relay is the admin. Undefined if the email is taken. */
  create(user: NewUser): User | undefined;
}

const toStored = (row: UserRow): StoredUser => ({
  user: userSchema.parse({ id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.created_at }),
  passwordHash: row.password_hash,
});

export function createUserRepo(db: Database): UserRepo {
  const first = db.prepare<[], { one: number }>('SELECT 1 AS one FROM users LIMIT 1');
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const insert = db.prepare<[string, string, string, Role, string, number]>(
    'INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // IMMEDIATE takes the write lock before counting, so two first sign-ups cannot both become admin.
  const createTx = db.transaction((user: NewUser): User | undefined => {
    if (byEmail.get(user.email)) return undefined;
    const role: Role = first.get() ? 'member' : 'admin';
    insert.run(user.id, user.email, user.name, role, user.passwordHash, user.createdAt);
    return { id: user.id, email: user.email, name: user.name, role, createdAt: user.createdAt };
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
    create: (user) => createTx.immediate(user),
  };
}
