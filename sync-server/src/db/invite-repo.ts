import type { Database } from 'better-sqlite3';
import { inviteSchema } from '../../../src/domain';
import type { Invite, Role, UserId } from '../../../src/domain';

interface InviteRow {
  id: string;
  code_hash: string;
  email: string | null;
  role: Role;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
  revoked_at: number | null;
}

export interface NewInvite {
  readonly id: string;
  readonly codeHash: string;
  readonly email?: string | undefined;
  readonly role: Role;
  readonly createdBy: UserId;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Why a code did not admit a sign-up; told only to the holder of a code, never about other e-mails. */
export type InviteRefusal = 'unknown' | 'used' | 'revoked' | 'expired' | 'other_email';
export type InviteClaim = { readonly ok: true; readonly role: Role } | { readonly ok: false; readonly reason: InviteRefusal };

export interface InviteRepo {
  create(invite: NewInvite): Invite;
  /** Newest first, at most `limit`. */
  list(limit: number): Invite[];
  /** Revoke an unused invite (a used one stays used). Undefined when there is no such invite. */
  revoke(id: string, now: number): Invite | undefined;
  /**
   * Use the invite with this code hash for `email` once: a conditional UPDATE, so of many
   * concurrent claims exactly one wins. Synchronous, to run inside the sign-up transaction
   * (an e-mail that turns out taken rolls the claim back).
   */
  claim(codeHash: string, email: string, userId: UserId, now: number): InviteClaim;
}

const toInvite = (row: InviteRow): Invite =>
  inviteSchema.parse({
    id: row.id,
    role: row.role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    ...(row.email !== null ? { email: row.email } : {}),
    ...(row.used_at !== null ? { usedAt: row.used_at } : {}),
    ...(row.used_by !== null ? { usedBy: row.used_by } : {}),
    ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
  });

export function createInviteRepo(db: Database): InviteRepo {
  const insert = db.prepare<[string, string, string | null, Role, string, number, number]>(
    'INSERT INTO invites (id, code_hash, email, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE id = ?');
  const byHash = db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE code_hash = ?');
  const recent = db.prepare<[number], InviteRow>('SELECT * FROM invites ORDER BY created_at DESC, id LIMIT ?');
  const revoke = db.prepare<[number, string]>('UPDATE invites SET revoked_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL');
  const use = db.prepare<[number, string, string, number, string], { role: Role }>(
    `UPDATE invites SET used_at = ?, used_by = ?
     WHERE code_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? AND (email IS NULL OR email = ?)
     RETURNING role`,
  );

  return {
    create(invite) {
      insert.run(invite.id, invite.codeHash, invite.email ?? null, invite.role, invite.createdBy, invite.createdAt, invite.expiresAt);
      const row = byId.get(invite.id);
      if (!row) throw new Error('invite vanished after insert');
      return toInvite(row);
    },
    list: (limit) => recent.all(limit).map(toInvite),
    revoke(id, now) {
      revoke.run(now, id);
      const row = byId.get(id);
      return row ? toInvite(row) : undefined;
    },
    claim(codeHash, email, userId, now) {
      const won = use.get(now, userId, codeHash, now, email);
      if (won) return { ok: true, role: won.role };
      const row = byHash.get(codeHash);
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.used_at !== null) return { ok: false, reason: 'used' };
      if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
      if (row.expires_at <= now) return { ok: false, reason: 'expired' };
      return { ok: false, reason: 'other_email' };
    },
  };
}
