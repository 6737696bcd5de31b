import { z } from 'zod';
import { documentIdSchema, shareLinkIdSchema, timestampSchema, userIdSchema } from './ids';

export const SHARE_AUDIENCES = ['internal', 'external'] as const;
export type ShareAudience = (typeof SHARE_AUDIENCES)[number];

/** Lowercase hex SHA-256 of the token's base64url text. */
export const tokenHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');

export const shareLinkSchema = z.object({
  id: shareLinkIdSchema,
  documentId: documentIdSchema,
  audience: z.enum(SHARE_AUDIENCES),
  tokenHash: tokenHashSchema,
  label: z.string().max(200).optional(),
  createdBy: userIdSchema,
  createdAt: timestampSchema,
  expiresAt: timestampSchema.optional(),
  maxUses: z.number().int().positive().optional(),
  useCount: z.number().int().nonnegative(),
  /**
   * Relay-owned, like `useCount`: runs made through the link that were finished (submitted or
   * completed). Absent on links the relay has not counted yet (made before it counted them).
   */
  submissionCount: z.number().int().nonnegative().optional(),
  revokedAt: timestampSchema.optional(),
});
export type ShareLink = z.infer<typeof shareLinkSchema>;

export const SHARE_LINK_STATES = ['active', 'expired', 'used_up', 'revoked'] as const;
export type ShareLinkState = (typeof SHARE_LINK_STATES)[number];

export function shareLinkState(link: Pick<ShareLink, 'expiresAt' | 'maxUses' | 'useCount' | 'revokedAt'>, now: number): ShareLinkState {
  if (link.revokedAt !== undefined) return 'revoked';
  if (link.expiresAt !== undefined && link.expiresAt <= now) return 'expired';
  if (link.maxUses !== undefined && link.useCount >= link.maxUses) return 'used_up';
  return 'active';
}
