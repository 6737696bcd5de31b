import { z } from 'zod';
import { inviteCodeSchema, inviteSchema, ROLES, timestampSchema } from '../domain';

/** `POST /api/invites {email?, role?, expiresAt?}` (admin, DESIGN §5.1). */
export const createInviteRequestSchema = z.object({
  email: z.email().max(254).transform((e) => e.toLowerCase()).optional(),
  role: z.enum(ROLES).optional(),
  expiresAt: timestampSchema.optional(),
});
export type CreateInviteRequest = z.infer<typeof createInviteRequestSchema>;

/**
 * `201 {id, code, url, invite}`: `url` is `<origin>/join#<code>`, the only time the code is
 * shown. `invite` (API.md) is optional here: DESIGN §5.1 fixes only the first three.
 */
export const createInviteResponseSchema = z.object({ id: z.string(), code: inviteCodeSchema, url: z.string(), invite: inviteSchema.optional() });
export type CreateInviteResponse = z.infer<typeof createInviteResponseSchema>;

/** `GET /api/invites` (extension): newest first, never a code. */
export const inviteListResponseSchema = z.object({ invites: z.array(inviteSchema) });
export type InviteListResponse = z.infer<typeof inviteListResponseSchema>;

/** `POST /api/invites/:id/revoke` (extension). */
export const revokeInviteResponseSchema = z.object({ invite: inviteSchema });
export type RevokeInviteResponse = z.infer<typeof revokeInviteResponseSchema>;
