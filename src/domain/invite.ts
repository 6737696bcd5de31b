import { z } from 'zod';
import { timestampSchema, userIdSchema } from './ids';
import { ROLES } from './user';

/** An invite's code: 128 random bits as base64url (22 characters), carried in `<origin>/join#<code>`. */
export const inviteCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'not an invite code');

/** How long an invite works when its creator gives no `expiresAt`, and the longest it may work. */
export const INVITE_LIFETIME = { defaultMs: 7 * 24 * 60 * 60 * 1000, maxMs: 90 * 24 * 60 * 60 * 1000 } as const;

/** An invite as an admin sees it: never its code (the relay keeps only a hash). */
export const inviteSchema = z.object({
  id: z.string(),
  email: z.string().optional(),
  role: z.enum(ROLES),
  createdBy: userIdSchema,
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
  usedAt: timestampSchema.optional(),
  usedBy: userIdSchema.optional(),
  revokedAt: timestampSchema.optional(),
});
export type Invite = z.infer<typeof inviteSchema>;

export type InviteState = 'open' | 'used' | 'revoked' | 'expired';
export function inviteState(invite: Invite, now: number): InviteState {
  if (invite.usedAt !== undefined) return 'used';
  if (invite.revokedAt !== undefined) return 'revoked';
  return invite.expiresAt <= now ? 'expired' : 'open';
}
